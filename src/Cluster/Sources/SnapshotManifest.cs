using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Sources;

/// <summary>How one kind was captured, as the manifest records it.</summary>
internal sealed record ManifestEntry(ResourceKind Kind, ReadStatus Status, int Items, string? Message);

/// <summary>
/// <c>meshbot-snapshot.json</c>, which <c>meshbot snapshot</c> writes at the top of a bundle: every kind it listed
/// (cluster-wide) and how — <c>complete</c>, <c>forbidden</c> or <c>not-installed</c> — so that a kind listed empty
/// (for which no file is written) reads as absent, and one never listed as not captured. It is not a Kubernetes
/// object: the snapshot reader skips the name wherever it is and honours it only at the top.
/// </summary>
internal sealed class SnapshotManifest
{
    public const string FileName = "meshbot-snapshot.json";
    public const string ApiVersion = "meshbot.snapshot/v1";
    private const string ManifestKind = "SnapshotManifest";

    private readonly Dictionary<ResourceKind, ManifestEntry> _entries;

    private SnapshotManifest(IEnumerable<ManifestEntry> entries) => _entries = entries.ToDictionary(e => e.Kind);

    public ManifestEntry? Entry(ResourceKind kind) => _entries.GetValueOrDefault(kind);

    /// <summary>The manifest at the top of <paramref name="directory"/>, or null when the bundle has none (a hand-made one).</summary>
    public static SnapshotManifest? Read(string directory, SnapshotLimits limits)
    {
        var path = Path.Combine(directory, FileName);
        if (SnapshotFile.Status(path, followLinks: false).Kind == FileKind.Missing)
        {
            return null;
        }
        SnapshotFile.Admit(path, limits, followLinks: false);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.Str("apiVersion") != ApiVersion || root.Str("kind") != ManifestKind)
            {
                throw new SnapshotException($"{path}: not a meshbot snapshot manifest (apiVersion {ApiVersion}, kind {ManifestKind})");
            }
            return new SnapshotManifest(root.Path("kinds") is { ValueKind: JsonValueKind.Array } kinds
                ? kinds.EnumerateArray().Select(k => Entry(path, k)).ToArray()
                : []);
        }
        catch (JsonException e)
        {
            throw new SnapshotException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message.Split('\n')[0].Trim()}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotException($"{path}: cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Writes the manifest of <paramref name="lists"/>, the lists as the source answered them.</summary>
    public static async Task WriteAsync(string directory, string source, DateTimeOffset capturedAt, IEnumerable<ListResult> lists, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(Path.Combine(directory, FileName));
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("apiVersion", ApiVersion);
        writer.WriteString("kind", ManifestKind);
        writer.WriteString("source", source);
        writer.WriteString("capturedAt", capturedAt);
        writer.WriteStartArray("kinds");
        foreach (var list in lists)
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", list.Kind.ApiVersion);
            writer.WriteString("kind", list.Kind.Kind);
            writer.WriteString("status", Word(list.Status));
            writer.WriteNumber("items", list.Items.Count);
            if (list.Message is { } message)
            {
                writer.WriteString("message", message);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ManifestEntry Entry(string path, JsonElement entry)
    {
        var kind = ResourceKinds.Resolve(entry.Str("apiVersion") ?? "", entry.Str("kind") ?? "");
        var status = entry.Str("status") switch
        {
            "complete" => ReadStatus.Ok,
            "forbidden" => ReadStatus.Forbidden,
            "not-installed" => ReadStatus.NotInstalled,
            var other => throw new SnapshotException($"{path}: {kind.Kind} has status '{other}', not complete, forbidden or not-installed"),
        };
        var items = entry.Path("items") is { ValueKind: JsonValueKind.Number } count && count.TryGetInt32(out var n) ? n : 0;
        return new ManifestEntry(kind, status, items, entry.Str("message"));
    }

    private static string Word(ReadStatus status) => status switch
    {
        ReadStatus.Ok => "complete",
        ReadStatus.Forbidden => "forbidden",
        ReadStatus.NotInstalled => "not-installed",
        _ => throw new ArgumentException($"a live list is never {status}", nameof(status)),
    };
}
