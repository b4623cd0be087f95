using System.Collections.Concurrent;

namespace MeshBot.KubernetesEmulator.Logs;

/// <summary>Container logs by namespace, pod and container, loaded from a snapshot's <c>logs/NS/POD/CONTAINER.log</c> or set by tests.</summary>
internal sealed class ContainerLogs
{
    private readonly ConcurrentDictionary<(string Namespace, string Pod, string Container), string> _logs = new();

    public void Set(string ns, string pod, string container, string text) => _logs[(ns, pod, container)] = text;

    public string? Get(string ns, string pod, string container) => _logs.GetValueOrDefault((ns, pod, container));

    public void LoadSnapshot(string root)
    {
        var logs = Path.Combine(root, "logs");
        if (!Directory.Exists(logs))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(logs, "*.log", SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(logs, file).Split(Path.DirectorySeparatorChar);
            if (parts.Length == 3)
            {
                Set(parts[0], parts[1], Path.GetFileNameWithoutExtension(parts[2]), File.ReadAllText(file));
            }
        }
    }
}
