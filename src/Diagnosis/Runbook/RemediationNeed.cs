using MeshBot.Diagnosis.Mesh;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>
/// What must change for a confirmed cause to go away, as data. The remediation library turns each need
/// into a proposal (action word, risk, kubectl, manifest); the diagnosis never writes anything.
/// </summary>
public abstract record RemediationNeed(string Why)
{
    /// <summary>Two needs with the same key ask for the same change.</summary>
    public abstract string Key { get; }
}

/// <summary>Label the namespace for injection (<c>istio-injection=enabled</c>).</summary>
public sealed record EnableNamespaceInjection(string Namespace, string Why) : RemediationNeed(Why)
{
    public override string Key => $"label-namespace/{Namespace}";
}

/// <summary>Enrol a namespace in the ambient data plane (<c>istio.io/dataplane-mode=ambient</c>): istio-cni redirects its running pods, no restart.</summary>
public sealed record EnrolNamespaceInAmbient(string Namespace, string Why) : RemediationNeed(Why)
{
    public override string Key => $"label-namespace/{Namespace}/ambient";
}

/// <summary>Restart a pod controller so its pods are recreated (and injected).</summary>
public sealed record RestartWorkload(string Kind, string Namespace, string Name, int Pods, string Why) : RemediationNeed(Why)
{
    public override string Key => $"rollout-restart/{Kind}/{Namespace}/{Name}";
}

/// <summary>Remove a <c>sidecar.istio.io/inject: "false"</c> label or annotation from a pod template.</summary>
public sealed record RemovePodOptOut(string Kind, string Namespace, string Name, bool Label, bool Annotation, string Why) : RemediationNeed(Why)
{
    public override string Key => $"patch-workload/{Kind}/{Namespace}/{Name}";
}

/// <summary>
/// Accept plaintext on one container port of one workload. When a workload-level PeerAuthentication
/// already selects the workload (<paramref name="ExistingPolicy"/>), a new one would lose to it (oldest
/// wins), so that policy is patched instead.
/// </summary>
public sealed record AllowPlaintextOnPort(string Namespace, string Workload, IReadOnlyDictionary<string, string> Selector, int ContainerPort, string? ExistingPolicy, string Why) : RemediationNeed(Why)
{
    public override string Key => $"create-peer-authentication/{Namespace}/{Workload}/{ContainerPort}";
}

/// <summary>A new DestinationRule in the client's namespace that sets <paramref name="Tls"/> for one host.</summary>
public sealed record SetHostTls(string ClientNamespace, string Host, TlsMode Tls, string Why) : RemediationNeed(Why)
{
    public override string Key => $"create-destination-rule/{ClientNamespace}/{Host}";
}

/// <summary>Change the TLS mode an existing DestinationRule sets: top level, or the <c>portLevelSettings</c> entry at <paramref name="PortIndex"/>.</summary>
public sealed record ChangeDestinationRuleTls(string Namespace, string Name, int? PortIndex, TlsMode From, TlsMode To, string Why) : RemediationNeed(Why)
{
    public override string Key => $"patch-destination-rule/{Namespace}/{Name}";
}

/// <summary>Restart istiod so it reloads its CA and serves the injector again.</summary>
public sealed record RestartIstiod(string Namespace, string Name, string Why) : RemediationNeed(Why)
{
    public override string Key => $"restart-istiod/{Namespace}/{Name}";
}

/// <summary>A pod controller, by kind, namespace and name.</summary>
public sealed record WorkloadRef(string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}

/// <summary>Restart every workload in every injected namespace, so all sidecars get new certificates.</summary>
public sealed record RestartInjectedWorkloads(IReadOnlyList<string> Namespaces, IReadOnlyList<WorkloadRef> Workloads, int Pods, string Why) : RemediationNeed(Why)
{
    public override string Key => "restart-injected-workloads";
}
