using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MeshBot.Diagnosis.Cluster.Json;

/// <summary>
/// Converts a (multi-document) YAML stream into JSON documents by streaming parser events into a
/// <see cref="Utf8JsonWriter"/>, so YAML and JSON snapshots share one typed-view path.
/// Plain scalars get YAML core-schema types (null, bool, int, float); quoted scalars stay strings.
/// </summary>
internal static class YamlToJson
{
    public static IEnumerable<JsonDocument> Convert(TextReader reader)
    {
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        while (parser.TryConsume<DocumentStart>(out _))
        {
            if (parser.Accept<DocumentEnd>(out _))
            {
                parser.Consume<DocumentEnd>();
                continue; // empty document between separators
            }

            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                var anchors = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                WriteNode(parser, writer, buffer, anchors);
            }

            parser.Consume<DocumentEnd>();
            yield return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
    }

    private static void WriteNode(IParser parser, Utf8JsonWriter writer, MemoryStream buffer, Dictionary<string, byte[]> anchors)
    {
        switch (parser.Current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out var aliased))
                {
                    throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value.Value}");
                }
                writer.WriteRawValue(aliased, skipInputValidation: true);
                return;
            case Scalar scalar:
                parser.MoveNext();
                WriteScalar(writer, scalar);
                Remember(scalar.Anchor, () => JsonSerializer.SerializeToUtf8Bytes(ScalarValue(scalar)), anchors);
                return;
            case SequenceStart sequence:
                parser.MoveNext();
                WriteAnchored(sequence.Anchor, writer, buffer, anchors, () =>
                {
                    writer.WriteStartArray();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        WriteNode(parser, writer, buffer, anchors);
                    }
                    writer.WriteEndArray();
                });
                return;
            case MappingStart mapping:
                parser.MoveNext();
                WriteAnchored(mapping.Anchor, writer, buffer, anchors, () =>
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
                        WriteNode(parser, writer, buffer, anchors);
                    }
                    writer.WriteEndObject();
                });
                return;
            default:
                throw new YamlException(parser.Current!.Start, parser.Current.End, $"unexpected YAML event {parser.Current.GetType().Name}");
        }
    }

    // Anchors are rare in kubectl output; when present, the anchored node is re-serialised on its own
    // so an alias can be replayed verbatim.
    private static void WriteAnchored(AnchorName anchor, Utf8JsonWriter writer, MemoryStream buffer, Dictionary<string, byte[]> anchors, Action write)
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
        var bytes = buffer.GetBuffer().AsSpan((int)start, (int)(buffer.Length - start)).ToArray();
        var json = bytes.AsSpan().TrimStart((byte)',').ToArray();
        anchors[anchor.Value] = json;
    }

    private static void Remember(AnchorName anchor, Func<byte[]> json, Dictionary<string, byte[]> anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = json();
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
