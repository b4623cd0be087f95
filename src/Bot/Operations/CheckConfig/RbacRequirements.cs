using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Operations.CheckConfig;

/// <summary>One permission MeshBot's RBAC must grant, as a SelfSubjectAccessReview asks it.</summary>
public sealed record Permission(string Verb, ResourceKind Kind, string? Subresource = null, string? Namespace = null, string? Name = null)
{
    /// <summary>The resource as RBAC names it: <c>deployments.apps</c>, <c>pods/log</c>, <c>secrets</c>.</summary>
    public string Resource
    {
        get
        {
            var plural = Kind.Plural.Split('/')[0];
            return $"{plural}{(Kind.Group.Length == 0 ? "" : "." + Kind.Group)}{(Subresource is null ? "" : "/" + Subresource)}";
        }
    }

    public string Scope => Namespace is null ? "cluster-wide" : Name is null ? $"namespace {Namespace}" : $"{Namespace}/{Name}";

    /// <summary><c>patch deployments.apps (cluster-wide)</c>.</summary>
    public override string ToString() => $"{Verb} {Resource} ({Scope})";
}

/// <summary>
/// Every permission MeshBot uses, derived from what the code reads and writes (deploy/'s least-privilege RBAC grants
/// exactly these): get and list of every kind the checks read (<see cref="ResourceKinds.All"/>) cluster-wide, except
/// Secrets, which are only read by name (<c>istio-ca-secret</c> and <c>cacerts</c> in the root namespace); <c>get pods/log</c>;
/// and the writes of the remediation actions (rollout restart is a patch).
/// </summary>
public static class RbacRequirements
{
    /// <summary>What the remediation actions write, by kind: the verbs of their <see cref="PlannedWrite"/>s.</summary>
    public static readonly IReadOnlyList<(WriteVerb Verb, ResourceKind Kind, string Action)> Writes =
    [
        (WriteVerb.Patch, ResourceKinds.Namespace, ActionNames.LabelNamespace),
        (WriteVerb.RolloutRestart, ResourceKinds.Deployment, $"{ActionNames.RolloutRestart}, {ActionNames.PatchWorkload}, {ActionNames.RestartIstiod}, {ActionNames.RestartInjectedWorkloads}"),
        (WriteVerb.RolloutRestart, ResourceKinds.StatefulSet, $"{ActionNames.RolloutRestart}, {ActionNames.PatchWorkload}, {ActionNames.RestartInjectedWorkloads}"),
        (WriteVerb.RolloutRestart, ResourceKinds.DaemonSet, $"{ActionNames.RolloutRestart}, {ActionNames.PatchWorkload}, {ActionNames.RestartInjectedWorkloads}"),
        (WriteVerb.Create, ResourceKinds.PeerAuthentication, ActionNames.CreatePeerAuthentication),
        (WriteVerb.Patch, ResourceKinds.PeerAuthentication, ActionNames.PatchPeerAuthentication),
        (WriteVerb.Create, ResourceKinds.DestinationRule, ActionNames.CreateDestinationRule),
        (WriteVerb.Patch, ResourceKinds.DestinationRule, ActionNames.PatchDestinationRule),
    ];

    public static IReadOnlyList<Permission> For(string rootNamespace)
    {
        var permissions = new List<Permission>();
        foreach (var kind in ResourceKinds.All.Where(k => k != ResourceKinds.Secret))
        {
            permissions.Add(new Permission("get", kind));
            permissions.Add(new Permission("list", kind));
        }
        permissions.Add(new Permission("get", ResourceKinds.Pod, "log"));
        permissions.Add(new Permission("get", ResourceKinds.Secret, Namespace: rootNamespace, Name: Secret.IstioCaSecretName));
        permissions.Add(new Permission("get", ResourceKinds.Secret, Namespace: rootNamespace, Name: Secret.PluggedCaSecretName));
        foreach (var (verb, kind, _) in Writes)
        {
            permissions.Add(new Permission(verb == WriteVerb.Create ? "create" : "patch", kind));
        }
        return permissions.DistinctBy(p => p.ToString()).ToArray();
    }
}
