using MeshBot.Cluster.Sources;

namespace MeshBot.Diagnosis.Logs;

/// <summary>The container logs fetched for a diagnosis (istio-proxy of the pods on the path, istiod), scanned once.</summary>
public sealed class PathLogs
{
    public const int TailLines = 200;

    private readonly Dictionary<ContainerRef, LogResult> _logs;
    private readonly Dictionary<ContainerRef, IReadOnlyList<LogMatch>> _matches;

    public PathLogs(IEnumerable<LogResult> logs)
    {
        _logs = logs.ToDictionary(l => l.Container);
        _matches = _logs.ToDictionary(l => l.Key, l => LogSignatures.Scan(l.Value.Lines));
    }

    public static readonly PathLogs None = new([]);

    public IEnumerable<LogResult> All => _logs.Values;

    public LogResult? Get(ContainerRef container) => _logs.GetValueOrDefault(container);

    public IReadOnlyList<LogMatch> Matches(ContainerRef container) => _matches.GetValueOrDefault(container) ?? [];
}
