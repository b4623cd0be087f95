using MeshBot.Deploy.Tests.Support;
using MeshBot.KubernetesEmulator;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Deploy.Tests.Manifests;

/// <summary>
/// A cluster to apply the rendered manifests to: the emulator serving the healthy scenario, as an administrator
/// (<c>system:masters</c>). The emulator serves the kinds it holds objects of; a real cluster always has RBAC, so it is
/// seeded with Kubernetes' bootstrap <c>cluster-admin</c> ClusterRole/ClusterRoleBinding and a kube-system
/// Role/RoleBinding; <see cref="WithPrometheusOperator"/> adds what kube-prometheus-stack installs (a ServiceMonitor and
/// a PrometheusRule of its own), i.e. a cluster where the Prometheus Operator CRDs exist.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly bool _prometheusOperator;
    private Emulator? _emulator;
    private Kubectl? _kubectl;
    private Testing.FixtureSnapshot? _snapshot;

    public ClusterFixture()
        : this(prometheusOperator: true)
    {
    }

    private ClusterFixture(bool prometheusOperator) => _prometheusOperator = prometheusOperator;

    public static ClusterFixture WithoutPrometheusOperator() => new(prometheusOperator: false);

    public Emulator Emulator => _emulator ?? throw new InvalidOperationException("not started");

    public Kubectl Kubectl => _kubectl ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _snapshot = Testing.FixtureSnapshot.Materialize("healthy");
        _emulator = await Emulator.StartAsync(new EmulatorOptions
        {
            SnapshotPath = _snapshot.Path,
            Tokens = new Dictionary<string, EmulatorUser> { ["admin"] = new("kubernetes-admin", "system:masters") },
            Manifests = _prometheusOperator ? [Rbac, PrometheusOperator] : [Rbac],
        });
        _kubectl = new Kubectl(_emulator, EmulatorCredential.Token("admin"));
    }

    /// <summary>Writes YAML to a temporary file and runs <c>kubectl apply [ARGS] -f FILE</c>.</summary>
    public async Task<KubectlResult> ApplyAsync(string yaml, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"meshbot-deploy-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        try
        {
            return await Kubectl.RunAsync(["apply", .. args, "-f", file]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task DisposeAsync()
    {
        _kubectl?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
        _snapshot?.Dispose();
    }

    private const string Rbac = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: cluster-admin
        rules:
        - apiGroups: ["*"]
          resources: ["*"]
          verbs: ["*"]
        - nonResourceURLs: ["*"]
          verbs: ["*"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: cluster-admin
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:masters"}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: extension-apiserver-authentication-reader
          namespace: kube-system
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          resourceNames: [extension-apiserver-authentication]
          verbs: [get, list, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: system::extension-apiserver-authentication-reader
          namespace: kube-system
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
        subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-controller-manager"}]
        """;

    private const string PrometheusOperator = """
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata:
          name: coredns
          namespace: monitoring
        spec:
          selector: {matchLabels: {k8s-app: kube-dns}}
          namespaceSelector: {matchNames: [kube-system]}
          endpoints: [{port: metrics}]
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: kubernetes-apps
          namespace: monitoring
        spec:
          groups:
          - name: kubernetes-apps
            rules:
            - alert: KubePodCrashLooping
              expr: max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1
        """;
}

/// <summary>The same cluster without the Prometheus Operator CRDs.</summary>
public sealed class PlainClusterFixture : IAsyncLifetime
{
    public ClusterFixture Cluster { get; } = ClusterFixture.WithoutPrometheusOperator();

    public Task InitializeAsync() => Cluster.InitializeAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync();
}
