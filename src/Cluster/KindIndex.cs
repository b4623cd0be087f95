using MeshBot.Cluster.Sources;

namespace MeshBot.Cluster;

/// <summary>The objects of one kind, indexed by namespace and name, with how they were read.</summary>
public sealed class KindIndex<T> where T : KubeObject
{
    private static readonly IReadOnlyList<T> None = [];

    private readonly Dictionary<string, List<T>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), T> _byName = [];
    private readonly IReadOnlySet<string>? _covered;

    /// <param name="covered">The namespaces the objects were read in, when not every namespace (see <see cref="ListResult.Namespaces"/>).</param>
    public KindIndex(ResourceKind kind, ReadStatus status, string? message, IEnumerable<T> items, IReadOnlySet<string>? covered = null)
    {
        Kind = kind;
        Status = status;
        Message = message;
        _covered = covered;
        foreach (var item in items)
        {
            var key = (item.Namespace ?? "", item.Name);
            if (_byName.TryGetValue(key, out var previous))
            {
                _byNamespace[key.Item1].Remove(previous); // the same object saved twice: the later file wins
            }
            _byName[key] = item;
            if (!_byNamespace.TryGetValue(key.Item1, out var list))
            {
                _byNamespace[key.Item1] = list = [];
            }
            list.Add(item);
        }
        // Sources list in different orders (the API by name, a snapshot by file): sort so a diagnosis never depends on it.
        foreach (var list in _byNamespace.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }
        All = _byNamespace.OrderBy(n => n.Key, StringComparer.Ordinal).SelectMany(n => n.Value).ToArray();
    }

    public ResourceKind Kind { get; }

    /// <summary>How the kind was read as a whole; see <see cref="StatusIn"/> for one namespace.</summary>
    public ReadStatus Status { get; }

    public string? Message { get; }

    public IReadOnlyList<T> All { get; }

    public IEnumerable<string> Namespaces => _byNamespace.Keys;

    public IReadOnlyList<T> InNamespace(string? ns) => _byNamespace.TryGetValue(ns ?? "", out var list) ? list : None;

    public T? Get(string? ns, string name) => _byName.GetValueOrDefault((ns ?? "", name));

    /// <summary>How the kind was read in <paramref name="ns"/>: a snapshot of some namespaces did not capture the others.</summary>
    public ReadStatus StatusIn(string? ns) =>
        Status == ReadStatus.Ok && Kind.Namespaced && _covered is not null && !_covered.Contains(ns ?? "") ? ReadStatus.NotCaptured : Status;

    /// <summary>Cluster-scoped lookup.</summary>
    public T? Get(string name) => Get(null, name);
}
