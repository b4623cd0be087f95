using MeshBot.Cluster;
using MeshBot.Diagnosis.Logs;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Runbook;

/// <summary>What the checks of one diagnosis share: the loaded cluster, the path, the logs, the clock and the resolvers.</summary>
public sealed class DiagnosisSession(ClusterState cluster, DiagnosisPath path, PathLogs logs, MeshOptions options, DateTimeOffset now)
{
    public ClusterState Cluster => cluster;
    public DiagnosisPath Path => path;
    public PathLogs Logs => logs;
    public MeshOptions Options => options;
    public DateTimeOffset Now => now;
    public PathResolver Resolver { get; } = new(cluster, options);
    public PeerAuthenticationResolver PeerAuthentication { get; } = new(cluster.PeerAuthentications, options.RootNamespace);
    public DestinationRuleResolver DestinationRules { get; } = new(cluster.DestinationRules, options.RootNamespace);
}
