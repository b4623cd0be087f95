using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

/// <summary>
/// Effective PeerAuthentication for a workload and container port (DESIGN "mTLS semantics", reference §3.1), as
/// istiod's <c>ComposePeerAuthentication</c> (pilot/pkg/security/authn/policy_applier.go) composes it: workload
/// selector policy in the workload's namespace, over the namespace policy, over the mesh policy in the root
/// namespace; a selector policy in the root namespace is ignored, also for workloads there; UNSET inherits;
/// oldest wins within a level; no policy means PERMISSIVE.
/// Reads only the policies of two namespaces (the workload's and the root), never the whole list.
/// </summary>
public sealed class PeerAuthenticationResolver(KindIndex<PeerAuthentication> policies, string rootNamespace)
{
    public EffectivePeerAuthentication Resolve(string ns, IReadOnlyDictionary<string, string> workloadLabels, int? containerPort)
    {
        var rootPolicies = policies.InNamespace(rootNamespace);
        var mesh = PolicyOrder.Oldest(rootPolicies.Where(p => p.Selector is null));
        var inRoot = ns == rootNamespace;
        var local = inRoot ? [] : policies.InNamespace(ns);
        var namespaceLevel = PolicyOrder.Oldest(local.Where(p => p.Selector is null));
        var workload = PolicyOrder.Oldest(local.Where(p => p.Selector is { } s && PolicyOrder.IsSubsetOf(s, workloadLabels)));

        var mode = MtlsMode.Permissive;
        var decidedAt = PolicyLevel.Default;
        PeerAuthentication? decidedBy = null;

        if (mesh is not null)
        {
            // A mesh-level UNSET still counts as the mesh's decision: PERMISSIVE.
            mode = mesh.Mode is null or MtlsMode.Unset ? MtlsMode.Permissive : mesh.Mode.Value;
            (decidedAt, decidedBy) = (PolicyLevel.Mesh, mesh);
        }
        if (namespaceLevel?.Mode is { } nsMode and not MtlsMode.Unset)
        {
            (mode, decidedAt, decidedBy) = (nsMode, PolicyLevel.Namespace, namespaceLevel);
        }
        if (workload?.Mode is { } workloadMode and not MtlsMode.Unset)
        {
            (mode, decidedAt, decidedBy) = (workloadMode, PolicyLevel.Workload, workload);
        }
        if (workload is not null && containerPort is { } port
            && workload.PortLevelMtls.TryGetValue(port, out var portMode) && portMode != MtlsMode.Unset)
        {
            (mode, decidedAt, decidedBy) = (portMode, PolicyLevel.Port, workload);
        }

        return new EffectivePeerAuthentication(mode, decidedAt, decidedBy, mesh, namespaceLevel, workload, containerPort);
    }
}
