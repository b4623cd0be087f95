namespace MeshBot.Remediation.Proposals;

/// <summary>The action words of the diagnosis contract; chat, tests and other tools read them.</summary>
public static class ActionNames
{
    public const string LabelNamespace = "label-namespace";
    public const string RolloutRestart = "rollout-restart";
    public const string PatchWorkload = "patch-workload";
    public const string CreatePeerAuthentication = "create-peer-authentication";
    public const string PatchPeerAuthentication = "patch-peer-authentication";
    public const string CreateDestinationRule = "create-destination-rule";
    public const string PatchDestinationRule = "patch-destination-rule";
    public const string RestartIstiod = "restart-istiod";
    public const string RestartInjectedWorkloads = "restart-injected-workloads";
}
