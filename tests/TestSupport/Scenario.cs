using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Testing;

/// <summary>
/// One scenario under <c>scenarios/</c>, the request to diagnose it with, and what the runbook must
/// conclude: the verdict, each of the five steps in tree order, and the proposed actions in order.
/// </summary>
public sealed record Scenario(string Fixture, string Target, string? From, int? Port, string Verdict, string Steps, string Actions)
{
    public DiagnosisRequest Request => new(TargetSpec.Parse(Target), From is null ? null : TargetSpec.Parse(From), Port);

    /// <summary>Step results in tree order, as the contract words them.</summary>
    public string[] StepResults => Steps.Split(' ');

    public string[] ActionWords => Actions.Length == 0 ? [] : Actions.Split(' ');

    public override string ToString() => $"{Fixture}: {Target}{(From is null ? "" : " from " + From)}{(Port is null ? "" : " port " + Port)}";

    // Steps: sidecar-missing cross-namespace platform-namespace ca-rotation injection-webhook.
    public static readonly Scenario[] All =
    [
        new("healthy", "payments/api", "orders/checkout", 80, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("healthy", "payments", null, null, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("healthy", "payments/api-5f7c9d8b6-x2x4k", null, 80, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("json-list", "payments/api", "orders/checkout", 80, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("native-sidecar", "payments/api", "orders/checkout", 80, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("revision-label", "payments/api", "orders/checkout", 80, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("private-keys", "payments/api", "orders/checkout", 80, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("sidecar-missing-namespace", "payments/api", null, null, "sidecar-missing", "confirmed skipped skipped ruled-out skipped", "label-namespace rollout-restart"),
        new("sidecar-missing-opt-out", "payments/api", null, null, "sidecar-missing", "confirmed skipped skipped ruled-out skipped", "patch-workload"),
        new("sidecar-missing-old-pod", "payments/api", null, null, "sidecar-missing", "confirmed skipped skipped ruled-out ruled-out", "rollout-restart"),
        new("cross-namespace-dr-disable", "payments/api", "orders/checkout", 80, "cross-namespace", "ruled-out confirmed skipped ruled-out ruled-out", "patch-destination-rule"),
        new("cross-namespace-dr-disable", "payments/api", null, null, "cross-namespace", "ruled-out confirmed inconclusive ruled-out ruled-out", "patch-destination-rule"),
        new("platform-to-strict", "payments/api", "monitoring/prometheus", 80, "platform-namespace", "ruled-out skipped confirmed ruled-out ruled-out", "create-peer-authentication"),
        new("workload-strict-port-permissive", "payments/api", "monitoring/prometheus", 80, "platform-namespace", "ruled-out skipped confirmed ruled-out ruled-out", "patch-peer-authentication"),
        new("workload-strict-port-permissive", "payments/api", "monitoring/prometheus", 9000, "healthy", "ruled-out skipped ruled-out ruled-out ruled-out", ""),
        new("mesh-to-platform-istio-mutual", "monitoring/prometheus", "payments/api", 9090, "platform-namespace", "ruled-out skipped confirmed ruled-out ruled-out", "patch-destination-rule"),
        new("ca-expired", "payments/api", null, null, "ca-rotation", "ruled-out ruled-out skipped confirmed ruled-out", "restart-istiod restart-injected-workloads"),
        new("cacerts-root-mismatch", "payments/api", "orders/checkout", 80, "ca-rotation", "ruled-out ruled-out skipped confirmed ruled-out", "restart-istiod restart-injected-workloads"),
        new("webhook-down-ignore", "payments/api", null, null, "injection-webhook", "confirmed skipped skipped ruled-out confirmed", "restart-istiod rollout-restart"),
        new("webhook-failed-calling", "payments/api", null, null, "injection-webhook", "ruled-out ruled-out skipped ruled-out confirmed", "restart-istiod"),
        new("webhook-empty-cabundle", "payments/api", null, null, "injection-webhook", "confirmed skipped skipped ruled-out confirmed", "restart-istiod rollout-restart"),
        new("ambient-namespace", "payments/api", null, null, "healthy", "ruled-out ruled-out skipped ruled-out skipped", ""),
        new("ambient-not-redirected", "payments/api", null, null, "sidecar-missing", "confirmed skipped skipped ruled-out skipped", ""),
        new("ambient-platform-to-strict", "payments/api", "monitoring/prometheus", 80, "platform-namespace", "ruled-out skipped confirmed ruled-out skipped", "create-peer-authentication"),
        new("ambient-platform-disable", "payments/api", "monitoring/prometheus", 80, "healthy", "ruled-out skipped ruled-out ruled-out skipped", ""),
        new("ambient-cross-namespace-dr-disable", "payments/api", "orders/checkout", 80, "cross-namespace", "ruled-out confirmed skipped ruled-out ruled-out", "patch-destination-rule"),
        new("ambient-namespace", "payments/api", "orders/checkout", 80, "healthy", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
        new("ambient-namespace-not-enrolled", "payments/api", null, null, "sidecar-missing", "confirmed skipped skipped ruled-out skipped", "label-namespace"),
        new("ambient-waypoint-down", "payments/api", null, null, "sidecar-missing", "confirmed ruled-out skipped ruled-out skipped", "rollout-restart"),
        new("ambient-l7-allow", "payments/api", null, null, "inconclusive", "ruled-out ruled-out skipped ruled-out skipped", ""),
        new("ambient-ztunnel-down", "payments/api", null, null, "sidecar-missing", "confirmed ruled-out skipped ruled-out skipped", "rollout-restart"),
        new("rbac-denied", "payments/api", "orders/checkout", 80, "inconclusive", "ruled-out ruled-out skipped ruled-out ruled-out", ""),
    ];
}
