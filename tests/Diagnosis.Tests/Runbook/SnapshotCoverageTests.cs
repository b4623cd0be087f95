using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Tests.Runbook;

/// <summary>
/// A bundle that holds only part of a cluster decides only on what it captured: a kind it never captured is not
/// "absent", so no branch is confirmed (and no fix proposed) on its absence, while a kind captured empty — by
/// <c>meshbot snapshot</c>'s manifest or a hand-made empty List — is absent for real, as before.
/// </summary>
public sealed class SnapshotCoverageTests : IDisposable
{
    private const string CaptureWebhooks = "kubectl get mutatingwebhookconfigurations -o yaml";

    // One namespace's objects, as `kubectl get all,… -n payments -o yaml` would hold them: no istio-system, no webhooks.
    private const string Payments = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: payments, labels: {istio-injection: enabled}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: payments, uid: 5b1c}
        spec: {replicas: 1, selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}}}
        status: {replicas: 1, readyReplicas: 1}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: api-5f7c9d8b6
          namespace: payments
          labels: {app: api, pod-template-hash: 5f7c9d8b6}
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, uid: 5b1c, controller: true}]
        spec: {replicas: 1, selector: {matchLabels: {app: api, pod-template-hash: 5f7c9d8b6}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: api-5f7c9d8b6-x2x4k
          namespace: payments
          labels: {app: api, pod-template-hash: 5f7c9d8b6, security.istio.io/tlsMode: istio}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-5f7c9d8b6, controller: true}]
        spec:
          containers:
          - {name: api, ports: [{containerPort: 8080, name: http, protocol: TCP}]}
          - {name: istio-proxy, image: docker.io/istio/proxyv2:1.24.2}
        status: {phase: Running}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: payments}
        spec: {selector: {app: api}, ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]}
        """;

    // The control plane, without its webhook configuration.
    private const string IstioSystem = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: istio-system}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: istiod, namespace: istio-system, labels: {app: istiod}}
        spec: {replicas: 1, selector: {matchLabels: {app: istiod}}, template: {metadata: {labels: {app: istiod}}}}
        status: {replicas: 1, readyReplicas: 1}
        ---
        apiVersion: v1
        kind: Endpoints
        metadata: {name: istiod, namespace: istio-system}
        subsets: [{addresses: [{ip: 10.244.1.5}], ports: [{name: https-webhook, port: 15017}]}]
        """;

    // kubectl's answer to `kubectl get mutatingwebhookconfigurations -o yaml` when there are none.
    private const string EmptyList = """
        apiVersion: v1
        items: []
        kind: List
        metadata:
          resourceVersion: ""
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meshbot-coverage-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>A manifest as <c>meshbot snapshot</c> writes it: every kind listed, with how it was read.</summary>
    private static string Manifest(string webhookStatus, string? message = null) =>
        "{\"apiVersion\":\"meshbot.snapshot/v1\",\"kind\":\"SnapshotManifest\",\"source\":\"context test\",\"kinds\":["
        + string.Join(",", ResourceKinds.All.Select(k => k == ResourceKinds.MutatingWebhookConfiguration
            ? $"{{\"apiVersion\":\"{k.ApiVersion}\",\"kind\":\"{k.Kind}\",\"status\":\"{webhookStatus}\",\"items\":0{(message is null ? "" : $",\"message\":\"{message}\"")}}}"
            : $"{{\"apiVersion\":\"{k.ApiVersion}\",\"kind\":\"{k.Kind}\",\"status\":\"complete\",\"items\":0}}"))
        + "]}";

    public sealed record Case(string Name, (string Path, string Text)[] Files, string Snapshot, string WebhookResult, string? Verdict, bool RestartsIstiod, string? Observed = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new(
        // The issue's bundle: one file, one namespace. Nothing says whether the cluster has an injector.
        new Case("payments-only single file", [("payments.yaml", Payments)], "payments.yaml", "inconclusive", null, RestartsIstiod: false, "not captured"),
        new Case("hand-made folder without webhooks", [("payments.yaml", Payments), ("istio-system.yaml", IstioSystem)], ".", "inconclusive", null, RestartsIstiod: false, "not captured"),
        // meshbot snapshot writes no file for an empty list; its manifest says the list was read.
        new Case("meshbot snapshot, webhooks listed empty", [("payments.yaml", Payments), ("meshbot-snapshot.json", Manifest("complete"))], ".", "confirmed", "injection-webhook", RestartsIstiod: true),
        new Case("meshbot snapshot, webhooks forbidden", [("payments.yaml", Payments), ("meshbot-snapshot.json", Manifest("forbidden", "mutatingwebhookconfigurations.admissionregistration.k8s.io is forbidden: User \\\"meshbot\\\" cannot list"))], ".", "inconclusive", null, RestartsIstiod: false, "is forbidden"),
        // kubectl's own empty List, in a file named for the kind: captured, and there are none.
        new Case("hand-made folder, webhooks.yaml an empty List", [("payments.yaml", Payments), ("webhooks.yaml", EmptyList)], ".", "confirmed", "injection-webhook", RestartsIstiod: true),
        new Case("hand-made folder, typed empty list", [("payments.yaml", Payments), ("admission.json", """{"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfigurationList","items":[]}""")], ".", "confirmed", "injection-webhook", RestartsIstiod: true));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Diagnose_PartialBundle_DecidesOnlyOnWhatWasCaptured(Case bundle)
    {
        foreach (var (path, text) in bundle.Files)
        {
            File.WriteAllText(Path.Combine(_dir.FullName, path), text);
        }
        var snapshot = new SnapshotSource(Path.GetFullPath(Path.Combine(_dir.FullName, bundle.Snapshot)));

        var report = await new Diagnoser(new MeshOptions(), TimeProvider.System)
            .DiagnoseAsync(snapshot, new DiagnosisRequest(TargetSpec.Parse("payments/api"), null, null));

        var webhook = report.Steps.Single(s => s.Branch == Branch.InjectionWebhook);
        var walk = string.Join("\n", report.Steps.Select(s => $"{s.Branch.Wire()}: {s.Result.Wire()} — {s.Summary}"));
        Assert.True(bundle.WebhookResult == webhook.Result.Wire(), walk);
        Assert.Equal(bundle.RestartsIstiod, report.Needs.Any(n => n is RestartIstiod));
        if (bundle.Verdict is { } verdict)
        {
            Assert.Equal(verdict, report.Verdict.Branch);
        }
        else
        {
            Assert.NotEqual("injection-webhook", report.Verdict.Branch);
            Assert.Empty(report.Needs);
            var capture = Assert.Single(webhook.Evidence, e => e.Command == CaptureWebhooks);
            Assert.Contains(bundle.Observed!, capture.Observed);
            Assert.DoesNotContain(report.Findings, f => f.Code == Findings.Catalogue.InjectorWebhookMissing);
            if (bundle.Files.Length == 1)
            {
                // istio-system was not captured either: its istiod is not "missing".
                Assert.DoesNotContain(report.Findings, f => f.Code == Findings.Catalogue.IstiodMissing);
            }
        }
    }
}
