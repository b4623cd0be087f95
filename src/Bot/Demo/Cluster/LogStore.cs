using MeshBot.Cluster.Sources;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>Container logs, as <c>kubectl logs</c> would print them; a pod's logs go when the pod goes.</summary>
internal sealed class LogStore
{
    private readonly Dictionary<ContainerRef, IReadOnlyList<string>> _logs = [];

    public IReadOnlyList<string>? Get(ContainerRef container) => _logs.GetValueOrDefault(container);

    public void Set(ContainerRef container, IReadOnlyList<string> lines) => _logs[container] = lines;

    public void RemovePod(string ns, string pod)
    {
        foreach (var container in _logs.Keys.Where(c => c.Namespace == ns && c.Pod == pod).ToArray())
        {
            _logs.Remove(container);
        }
    }
}
