using System.Text.Json;
using MeshBot.Cluster.Certificates;

namespace MeshBot.Cluster.Sources;

/// <summary>
/// Writes a cluster in the snapshot layout that <see cref="SnapshotSource"/> reads: one <c>PLURAL.json</c>
/// List per kind (<c>kubectl get -o json</c> form), <c>logs/NAMESPACE/POD/CONTAINER.log</c>, and the manifest of
/// what was listed (<c>meshbot-snapshot.json</c>, <see cref="SnapshotManifest"/>). Secrets are
/// written from their reduced form, so they hold certificates only; any PEM private key elsewhere (an env var, a
/// log line) is redacted before it is written.
/// </summary>
public static class SnapshotWriter
{
    public static async Task WriteKindAsync(string directory, ListResult list, CancellationToken cancellationToken)
    {
        var kind = list.Kind;
        var path = Path.Combine(directory, kind.Plural.Replace('/', '-') + ".json");
        await using var stream = File.Create(path);
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("apiVersion", kind.ApiVersion);
        writer.WriteString("kind", kind.Kind + "List");
        writer.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            // A key pasted into an env var or annotation must not reach a support bundle either.
            var text = item.Raw.GetRawText();
            writer.WriteRawValue(text.Contains("PRIVATE KEY", StringComparison.Ordinal) ? JsonRedaction.RedactPrivateKeys(text) : text);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Records every kind listed and how (complete, forbidden, not installed): a list with no items has no file of its own.</summary>
    public static Task WriteManifestAsync(string directory, string source, DateTimeOffset capturedAt, IEnumerable<ListResult> lists, CancellationToken cancellationToken) =>
        SnapshotManifest.WriteAsync(directory, source, capturedAt, lists, cancellationToken);

    public static async Task WriteLogAsync(string directory, LogResult log, CancellationToken cancellationToken)
    {
        var c = log.Container;
        var path = Path.Combine(directory, "logs", c.Namespace, c.Pod, c.Container + ".log");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, log.Lines.Select(Certificates.PemBlocks.RedactPrivateKeys), cancellationToken).ConfigureAwait(false);
    }
}
