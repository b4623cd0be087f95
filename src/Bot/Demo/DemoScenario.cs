using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Demo;

/// <summary>One bundled demo per runbook branch: the scenario cluster that exhibits it and the alert that points at it.</summary>
public sealed record DemoScenario(string Branch, string Cluster, DiagnosisRequest Request, string AlertName)
{
    public static readonly IReadOnlyList<DemoScenario> All =
    [
        new("sidecar-missing", "sidecar-missing-namespace", new(new TargetSpec("payments", "api")), "IstioSidecarMissing"),
        new("cross-namespace", "cross-namespace-dr-disable", new(new TargetSpec("payments", "api"), new TargetSpec("orders", "checkout"), 80), "IstioMTLSHandshakeFailures"),
        new("platform-namespace", "platform-to-strict", new(new TargetSpec("payments", "api"), new TargetSpec("monitoring", "prometheus"), 80), "IstioPlaintextRejected"),
        new("ca-rotation", "ca-expired", new(new TargetSpec("payments", "api")), "IstioCertificateErrors"),
        new("injection-webhook", "webhook-down-ignore", new(new TargetSpec("payments", "api")), "IstioSidecarInjectorDown"),
        new("ambient", "ambient-ztunnel-down", new(new TargetSpec("payments", "api")), "IstioZtunnelNotReady"),
    ];

    /// <summary>What <c>meshbot demo</c> shows without <c>--scenario</c>: the branch whose fix the usual runbook gets wrong.</summary>
    public static DemoScenario Default => All.Single(s => s.Branch == "platform-namespace");

    public static DemoScenario? Find(string branch) => All.FirstOrDefault(s => s.Branch == branch);
}
