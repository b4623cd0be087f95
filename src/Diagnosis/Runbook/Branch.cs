namespace MeshBot.Diagnosis.Runbook;

/// <summary>The runbook's branches in tree order, plus the two probes that run before the walk.</summary>
public enum Branch
{
    /// <summary>Control-plane health, collected before the walk (runbook investigation step 1).</summary>
    ControlPlane,

    /// <summary>What the proxies on the path report (TLS, certificate and RBAC log signatures).</summary>
    Symptoms,

    SidecarMissing,
    CrossNamespace,
    PlatformNamespace,
    CaRotation,
    InjectionWebhook,
}

public enum StepResult
{
    Confirmed,
    RuledOut,
    Inconclusive,
    Skipped,
}

public static class BranchNames
{
    /// <summary>The five branches of the decision tree, in walk order; deeper means closer to the control plane.</summary>
    public static readonly IReadOnlyList<Branch> Tree =
        [Branch.SidecarMissing, Branch.CrossNamespace, Branch.PlatformNamespace, Branch.CaRotation, Branch.InjectionWebhook];

    public const string Healthy = "healthy";
    public const string Inconclusive = "inconclusive";

    public static string Wire(this Branch branch) => branch switch
    {
        Branch.ControlPlane => "control-plane",
        Branch.Symptoms => "symptoms",
        Branch.SidecarMissing => "sidecar-missing",
        Branch.CrossNamespace => "cross-namespace",
        Branch.PlatformNamespace => "platform-namespace",
        Branch.CaRotation => "ca-rotation",
        _ => "injection-webhook",
    };

    public static Branch? Parse(string wire) => Enum.GetValues<Branch>().Cast<Branch?>().FirstOrDefault(b => b!.Value.Wire() == wire);

    public static string Wire(this StepResult result) => result switch
    {
        StepResult.Confirmed => "confirmed",
        StepResult.RuledOut => "ruled-out",
        StepResult.Inconclusive => "inconclusive",
        _ => "skipped",
    };
}
