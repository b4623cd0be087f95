using MeshBot.Diagnosis.Runbook;
using MeshBot.KubernetesEmulator;
using MeshBot.Testing;

namespace MeshBot.Deploy.Tests.Rbac;

/// <summary>
/// A cluster MeshBot is run against to observe its API calls: a scenario of <c>scenarios/</c> (optionally changed
/// after it is materialized), the request to diagnose, the verdict and the actions the runbook must propose (so a
/// situation that silently stopped exercising an action fails loudly), and which CRD groups are installed.
/// </summary>
public sealed record Situation(string Name, string Fixture, DiagnosisRequest Request, string Verdict, string[] Actions, Action<string>? Change = null, IReadOnlyList<string>? CustomResourceGroups = null)
{
    public override string ToString() => Name;

    /// <summary>Every scenario of <see cref="Scenario.All"/>, plus the variants below.</summary>
    public static IReadOnlyList<Situation> All { get; } =
    [
        .. Scenario.All.Select(s => new Situation(s.ToString(), s.Fixture, s.Request, s.Verdict, s.ActionWords)),
        // No scenario has a StatefulSet or a DaemonSet: add one of each to an injected namespace with an expired CA,
        // so restart-injected-workloads restarts them too (patch statefulsets, patch daemonsets).
        new("ca-expired + StatefulSet and DaemonSet", "ca-expired", Parse("payments/api"), "ca-rotation",
            ["restart-istiod", "restart-injected-workloads"], dir => File.WriteAllText(Path.Combine(dir, "payments-more-workloads.yaml"), MoreWorkloads)),
        // No scenario proposes create-destination-rule: move the ISTIO_MUTUAL rule of mesh-to-platform-istio-mutual to
        // the root namespace (mesh-wide). MeshBot cannot patch a mesh-wide rule for one client, so it creates an
        // exact-host rule in the client's namespace.
        new("mesh-to-platform-istio-mutual, rule mesh-wide", "mesh-to-platform-istio-mutual", Parse("monitoring/prometheus", "payments/api", 9090), "platform-namespace",
            ["create-destination-rule"], dir => MoveToRootNamespace(Path.Combine(dir, "payments-destinationrule.yaml"))),
        // A cluster without Istio's or Flux's CRDs: discovery says so (404) and MeshBot reads nothing else of them.
        new("healthy, no Istio or Flux CRDs installed", "healthy", Parse("payments/api"), "healthy", [], CustomResourceGroups: []),
    ];

    private static DiagnosisRequest Parse(string target, string? from = null, int? port = null) =>
        new(TargetSpec.Parse(target), from is null ? null : TargetSpec.Parse(from), port);

    private static void MoveToRootNamespace(string file)
    {
        var text = File.ReadAllText(file);
        if (!text.Contains("namespace: payments", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} no longer holds the payments DestinationRule this variant moves");
        }
        File.WriteAllText(file, text.Replace("namespace: payments", "namespace: istio-system", StringComparison.Ordinal));
    }

    public IReadOnlyList<string> InstalledGroups => CustomResourceGroups ?? EmulatorOptions.AllCustomResourceGroups;

    private const string MoreWorkloads = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: ledger
          namespace: payments
          uid: 7d1f0c52-1b7e-4c1e-9a7f-3f0e0b1c2d01
          generation: 1
          creationTimestamp: "2026-10-02T09:30:00Z"
        spec:
          replicas: 1
          serviceName: ledger
          selector:
            matchLabels: {app: ledger}
          template:
            metadata:
              labels: {app: ledger}
            spec:
              serviceAccountName: api
              containers:
              - name: ledger
                image: registry.example.com/payments/ledger:1.0.0
                ports: [{containerPort: 5432, name: tcp-postgres}]
        status:
          observedGeneration: 1
          replicas: 1
          readyReplicas: 1
          currentReplicas: 1
          updatedReplicas: 1
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: ledger-0
          namespace: payments
          uid: 7d1f0c52-1b7e-4c1e-9a7f-3f0e0b1c2d02
          creationTimestamp: "2026-10-13T14:40:00Z"
          labels: {app: ledger, security.istio.io/tlsMode: istio}
          annotations:
            sidecar.istio.io/status: '{"initContainers":["istio-init"],"containers":["istio-proxy"],"revision":"default"}'
          ownerReferences:
          - {apiVersion: apps/v1, kind: StatefulSet, name: ledger, uid: 7d1f0c52-1b7e-4c1e-9a7f-3f0e0b1c2d01, controller: true, blockOwnerDeletion: true}
        spec:
          serviceAccountName: api
          nodeName: kind-worker
          containers:
          - {name: ledger, image: registry.example.com/payments/ledger:1.0.0}
          - {name: istio-proxy, image: docker.io/istio/proxyv2:1.24.2}
        status:
          phase: Running
          podIP: 10.244.1.40
          conditions: [{type: Ready, status: "True"}]
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-agent
          namespace: payments
          uid: 7d1f0c52-1b7e-4c1e-9a7f-3f0e0b1c2d03
          generation: 1
          creationTimestamp: "2026-10-02T09:30:00Z"
        spec:
          selector:
            matchLabels: {app: node-agent}
          template:
            metadata:
              labels: {app: node-agent}
            spec:
              serviceAccountName: api
              containers:
              - name: agent
                image: registry.example.com/payments/node-agent:1.0.0
        status:
          observedGeneration: 1
          desiredNumberScheduled: 1
          currentNumberScheduled: 1
          updatedNumberScheduled: 1
          numberReady: 1
          numberAvailable: 1
          numberMisscheduled: 0
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: node-agent-7xk2p
          namespace: payments
          uid: 7d1f0c52-1b7e-4c1e-9a7f-3f0e0b1c2d04
          creationTimestamp: "2026-10-13T14:40:00Z"
          labels: {app: node-agent, security.istio.io/tlsMode: istio}
          annotations:
            sidecar.istio.io/status: '{"initContainers":["istio-init"],"containers":["istio-proxy"],"revision":"default"}'
          ownerReferences:
          - {apiVersion: apps/v1, kind: DaemonSet, name: node-agent, uid: 7d1f0c52-1b7e-4c1e-9a7f-3f0e0b1c2d03, controller: true, blockOwnerDeletion: true}
        spec:
          serviceAccountName: api
          nodeName: kind-worker
          containers:
          - {name: agent, image: registry.example.com/payments/node-agent:1.0.0}
          - {name: istio-proxy, image: docker.io/istio/proxyv2:1.24.2}
        status:
          phase: Running
          podIP: 10.244.1.41
          conditions: [{type: Ready, status: "True"}]
        """;
}
