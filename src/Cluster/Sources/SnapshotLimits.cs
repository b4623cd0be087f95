using System.Globalization;

namespace MeshBot.Cluster.Sources;

/// <summary>
/// What one snapshot file may cost to read. A support bundle can come from anyone, so a file is refused, in one line, before
/// it can take unbounded time or memory: over <see cref="MaxFileBytes"/>, nested deeper than <see cref="MaxDepth"/>, or
/// with YAML aliases that would expand to more than <see cref="AliasBytes"/>. The defaults are far above real bundles
/// (kubectl nests a CRD schema about 30 levels, writes no aliases, and the benchmark's 10,000-pod bundle is 45–74 MiB).
/// </summary>
public sealed record SnapshotLimits
{
    public static SnapshotLimits Default { get; } = new();

    /// <summary>The largest file read, objects or log (256 MiB).</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>How deep objects and arrays may nest, in YAML as in JSON (100).</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Aliases may add this many times the file's own size (4)…</summary>
    public int AliasExpansion { get; init; } = 4;

    /// <summary>…and at least this much (1 MiB), so that a small hand-written file may use anchors freely.</summary>
    public long MinAliasBytes { get; init; } = 1024 * 1024;

    /// <summary>The bytes of JSON that aliases may replay for a file of <paramref name="fileBytes"/>.</summary>
    public long AliasBytes(long fileBytes) => Math.Max(MinAliasBytes, AliasExpansion * fileBytes);

    /// <summary>A size as people read it: <c>257 MiB</c>, <c>1.5 MiB</c>, <c>600 KiB</c>.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB");
}
