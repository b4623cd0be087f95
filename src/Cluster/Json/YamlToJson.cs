using System.Globalization;
using System.Text.Json;
using MeshBot.Cluster.Sources;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshBot.Cluster.Json;

/// <summary>
/// Converts a (multi-document) YAML stream into JSON documents by streaming parser events into a
/// <see cref="Utf8JsonWriter"/>, so YAML and JSON snapshots share one typed-view path.
/// Plain scalars get YAML core-schema types (null, bool, int, float); quoted scalars stay strings.
/// Bounded (<see cref="SnapshotLimits"/>): nesting deeper than the limit, or aliases replaying more JSON than the stream's
/// budget (an alias bomb turns a few hundred bytes into gigabytes), is a <see cref="YamlException"/> at that line.
/// </summary>
internal static class YamlToJson
{
    /// <param name="reader">The YAML.</param>
    /// <param name="sourceBytes">The stream's size, which sets its alias budget.</param>
    /// <param name="limits">The bounds (default: <see cref="SnapshotLimits.Default"/>).</param>
    public static IEnumerable<JsonDocument> Convert(TextReader reader, long sourceBytes, SnapshotLimits? limits = null)
    {
        limits ??= SnapshotLimits.Default;
        var parser = new Parser(reader);
        var aliasBudget = new AliasBudget(limits, sourceBytes);
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out var start))
        {
            if (parser.Accept<DocumentEnd>(out _))
            {
                parser.Consume<DocumentEnd>();
                continue; // empty document between separators
            }

            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = limits.MaxDepth }))
            {
                new DocumentWriter(parser, writer, buffer, limits.MaxDepth, aliasBudget).WriteNode(depth: 0);
            }

            parser.Consume<DocumentEnd>();
            yield return Parse(buffer, limits.MaxDepth, start);
        }
    }

    // An alias replays JSON already written, so its nesting adds to where it stands: the depth is checked once more here.
    private static JsonDocument Parse(MemoryStream buffer, int maxDepth, DocumentStart start)
    {
        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            throw new YamlException(start.Start, start.End, $"nested deeper than the maximum depth of {maxDepth} (with its aliases)");
        }
    }

    /// <summary>The JSON that the aliases of one stream may still replay.</summary>
    private sealed class AliasBudget(SnapshotLimits limits, long sourceBytes)
    {
        private readonly long _total = limits.AliasBytes(sourceBytes);
        private long _spent;

        public void Spend(AnchorAlias alias, int bytes)
        {
            _spent += bytes;
            if (_spent > _total)
            {
                throw new YamlException(alias.Start, alias.End,
                    $"aliases expand to more than {SnapshotLimits.Size(_total)}, the limit for this file ({limits.AliasExpansion} × its size, at least {SnapshotLimits.Size(limits.MinAliasBytes)})");
            }
        }
    }

    private sealed class DocumentWriter(IParser parser, Utf8JsonWriter writer, MemoryStream buffer, int maxDepth, AliasBudget aliases)
    {
        private readonly Dictionary<string, byte[]> _anchors = new(StringComparer.Ordinal);

        public void WriteNode(int depth)
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var aliased))
                    {
                        throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value.Value}");
                    }
                    aliases.Spend(alias, aliased.Length);
                    writer.WriteRawValue(aliased, skipInputValidation: true);
                    return;
                case Scalar scalar:
                    parser.MoveNext();
                    WriteScalar(writer, scalar);
                    if (!scalar.Anchor.IsEmpty)
                    {
                        _anchors[scalar.Anchor.Value] = JsonSerializer.SerializeToUtf8Bytes(ScalarValue(scalar));
                    }
                    return;
                case SequenceStart sequence:
                    WriteCollection(sequence, depth, () =>
                    {
                        writer.WriteStartArray();
                        while (!parser.TryConsume<SequenceEnd>(out _))
                        {
                            WriteNode(depth + 1);
                        }
                        writer.WriteEndArray();
                    });
                    return;
                case MappingStart mapping:
                    WriteCollection(mapping, depth, () =>
                    {
                        writer.WriteStartObject();
                        while (!parser.TryConsume<MappingEnd>(out _))
                        {
                            var key = parser.Consume<Scalar>();
                            if (key.Value == "<<" && !key.IsQuotedImplicit)
                            {
                                throw new YamlException(key.Start, key.End, "YAML merge keys are not supported in snapshots");
                            }
                            writer.WritePropertyName(key.Value);
                            WriteNode(depth + 1);
                        }
                        writer.WriteEndObject();
                    });
                    return;
                default:
                    throw new YamlException(parser.Current!.Start, parser.Current.End, $"unexpected YAML event {parser.Current.GetType().Name}");
            }
        }

        // The depth is checked before descending: the conversion recurses once per level, so an unbounded depth would
        // overflow the stack.
        private void WriteCollection(NodeEvent start, int depth, Action write)
        {
            if (depth >= maxDepth)
            {
                throw new YamlException(start.Start, start.End, $"nested deeper than the maximum depth of {maxDepth}");
            }
            parser.MoveNext();
            WriteAnchored(start.Anchor, write);
        }

        // Anchors are rare in kubectl output; when present, the anchored node is re-serialised on its own
        // so an alias can be replayed verbatim.
        private void WriteAnchored(AnchorName anchor, Action write)
        {
            if (anchor.IsEmpty)
            {
                write();
                return;
            }

            writer.Flush();
            var start = buffer.Length;
            write();
            writer.Flush();
            var bytes = buffer.GetBuffer().AsSpan((int)start, (int)(buffer.Length - start));
            _anchors[anchor.Value] = bytes.TrimStart((byte)',').ToArray();
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, Scalar scalar)
    {
        switch (ScalarValue(scalar))
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case string s: writer.WriteStringValue(s); break;
        }
    }

    private static object? ScalarValue(Scalar scalar)
    {
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            return value;
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            && !(value.Length > 1 && value.TrimStart('-', '+').StartsWith('0')))
        {
            return integer;
        }

        if (value.Length > 0 && (char.IsDigit(value[0]) || value[0] is '-' or '+' or '.')
            && value.Any(char.IsDigit)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && double.IsFinite(real))
        {
            return real;
        }

        return value;
    }
}
