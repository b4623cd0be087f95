using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Demo.Cluster.Simulation;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;
using MeshBot.Cluster.Writing;

namespace MeshBot.Bot.Demo.Cluster;

/// <summary>
/// A small simulated Kubernetes cluster for <c>meshbot demo</c>: no API server, no network. Reads serve fresh typed
/// views of the stored JSON (Secrets reduced to certificates, as from any source); writes follow the API server's
/// semantics and errors (<see cref="ApiWrites"/>); every real write that changes something runs the simulated
/// controllers (<see cref="Simulator"/>), so pods roll, istiod restarts and traffic recovers the way a cluster would,
/// and a re-diagnosis sees the result. One lock makes every call atomic.
/// </summary>
public sealed class InMemoryCluster : IClusterSource, IClusterWriter
{
    private readonly Lock _gate = new();
    private readonly ObjectStore _store;
    private readonly LogStore _logs = new();
    private readonly Simulator _simulator;
    private readonly List<AppliedWrite> _writes = [];
    private readonly List<string> _activity = [];

    /// <param name="objects">Objects as <c>kubectl get -o json</c> prints them (kind and apiVersion set).</param>
    /// <param name="logs">Container logs, as <c>kubectl logs</c> prints them.</param>
    public InMemoryCluster(IEnumerable<JsonObject> objects, IEnumerable<KeyValuePair<ContainerRef, IReadOnlyList<string>>> logs, TimeProvider time, string description = "demo cluster")
    {
        Description = description;
        _store = new ObjectStore(time);
        foreach (var obj in objects)
        {
            _store.Seed(ResourceKinds.Resolve(obj.Str("apiVersion") ?? "v1", obj.Str("kind") ?? ""), obj.Clone());
        }
        foreach (var (container, lines) in logs)
        {
            _logs.Set(container, lines.ToArray());
        }
        _simulator = new Simulator(_store, _logs, _activity);
    }

    public string Description { get; }

    /// <summary>Every write accepted so far, in order (failed writes are not listed).</summary>
    public IReadOnlyList<AppliedWrite> Writes
    {
        get { lock (_gate) { return _writes.ToArray(); } }
    }

    /// <summary>What the simulated controllers did in response, one line each ("ReplicaSet payments/api-… created pod …").</summary>
    public IReadOnlyList<string> Activity
    {
        get { lock (_gate) { return _activity.ToArray(); } }
    }

    public Task<ListResult> ListAsync(ResourceKind kind, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var items = _store.List(kind).Select(o => KubeObjectFactory.Create(kind, o.ToElement())).ToArray();
            return Task.FromResult(new ListResult(kind, ReadStatus.Ok, items));
        }
    }

    public Task<LogResult> ReadLogAsync(ContainerRef container, int tailLines, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var lines = _logs.Get(container);
            return Task.FromResult(lines is null
                ? new LogResult(container, ReadStatus.NotInstalled, [], $"no log for container {container.Container} of pod {container.Namespace}/{container.Pod}")
                : new LogResult(container, ReadStatus.Ok, lines.Count > tailLines ? lines.Skip(lines.Count - tailLines).ToArray() : lines));
        }
    }

    public Task<JsonElement?> GetAsync(ResourceKind kind, string? ns, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_store.Get(kind, ApiWrites.Scope(kind, ns), name) is { } obj ? View(kind, obj) : (JsonElement?)null);
        }
    }

    public Task<JsonElement> CreateAsync(ResourceKind kind, string? ns, JsonObject body, bool dryRun, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var obj = ApiWrites.PrepareCreate(_store, kind, ns, body);
            var stored = dryRun ? _store.Stamp(obj) : _store.Add(kind, obj);
            Record("create", kind, stored, dryRun, changed: !dryRun);
            if (!dryRun)
            {
                _simulator.AfterWrite(kind, null, stored);
            }
            return Task.FromResult(View(kind, stored));
        }
    }

    public Task<JsonElement> PatchAsync(ResourceKind kind, string? ns, string name, PatchType type, string patch, bool dryRun, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Patch("patch", kind, ns, name, type, patch, dryRun));
        }
    }

    /// <summary>As <c>kubectl rollout restart</c>: a strategic merge patch of the template's <c>restartedAt</c> annotation.</summary>
    public Task<JsonElement> RolloutRestartAsync(ResourceKind kind, string ns, string name, DateTimeOffset at, bool dryRun, CancellationToken cancellationToken = default)
    {
        var stamp = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = stamp } } } },
        }.ToJsonString();
        lock (_gate)
        {
            return Task.FromResult(Patch("rollout restart", kind, ns, name, PatchType.StrategicMerge, patch, dryRun));
        }
    }

    private JsonElement Patch(string verb, ResourceKind kind, string? ns, string name, PatchType type, string patch, bool dryRun)
    {
        var patched = ApiWrites.Patch(_store, kind, ns, name, type, patch, out var current);
        var changed = !JsonNode.DeepEquals(current, patched);
        if (!changed || dryRun)
        {
            Record(verb, kind, current, dryRun, changed: false, verb == "patch" ? type : null);
            return View(kind, changed ? patched : current);
        }
        _store.Put(kind, patched);
        Record(verb, kind, patched, dryRun, changed: true, verb == "patch" ? type : null);
        _simulator.AfterWrite(kind, current, patched);
        return View(kind, patched);
    }

    private void Record(string verb, ResourceKind kind, JsonObject obj, bool dryRun, bool changed, PatchType? type = null) =>
        _writes.Add(new AppliedWrite(verb, kind, obj.Namespace(), obj.Name(), dryRun, _store.Time.GetUtcNow(), changed, type));

    // Secrets leave the cluster reduced to their certificates, whatever asks: the demo prints what it reads.
    private static JsonElement View(ResourceKind kind, JsonObject obj) =>
        kind == ResourceKinds.Secret ? Secret.From(obj.ToElement()).Raw : obj.ToElement();
}
