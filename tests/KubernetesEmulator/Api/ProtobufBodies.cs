using System.Text;
using System.Text.Json.Nodes;

namespace MeshBot.KubernetesEmulator.Api;

/// <summary>
/// Decodes the few protobuf bodies kubectl's typed clients send: SelfSubjectAccessReview (<c>kubectl auth can-i</c>),
/// SelfSubjectReview (<c>kubectl auth whoami</c>) and Namespace (<c>kubectl create namespace</c>), i.e. the <c>k8s\0</c>
/// magic, the runtime.Unknown envelope and the fields those kinds carry. Other kinds get 415, so clients must send
/// JSON for them (as kubectl does for <c>create -f</c>, <c>patch</c>, <c>label</c>). Responses are always JSON, which
/// those clients accept too.
/// </summary>
internal static class ProtobufBodies
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly string[] ResourceAttributeNames = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];
    private static readonly string[] NonResourceAttributeNames = ["path", "verb"];

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw StatusErrors.BadRequest("the protobuf body does not start with the Kubernetes magic number");
        }
        string? apiVersion = null, kind = null;
        byte[] raw = [];
        foreach (var (field, value) in Fields(body[Magic.Length..].ToArray()))
        {
            if (field == 1)
            {
                apiVersion = Text(value, 1) ?? apiVersion;
                kind = Text(value, 2) ?? kind;
            }
            else if (field == 2)
            {
                raw = value;
            }
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        switch (kind)
        {
            case "SelfSubjectReview":
                break;
            case "SelfSubjectAccessReview":
                obj["spec"] = ReviewSpec(raw);
                break;
            case "Namespace":
                obj["metadata"] = Fields(raw).Where(f => f.Field == 1).Select(f => ObjectMeta(f.Value)).LastOrDefault() ?? [];
                break;
            default:
                throw StatusErrors.UnsupportedMediaType(["application/json", "application/yaml"]);
        }
        return obj;
    }

    private static JsonObject ReviewSpec(byte[] review)
    {
        var spec = new JsonObject();
        foreach (var (_, specMessage) in Fields(review).Where(f => f.Field == 2))
        {
            foreach (var (specField, attributes) in Fields(specMessage))
            {
                var names = specField == 1 ? ResourceAttributeNames : NonResourceAttributeNames;
                var decoded = new JsonObject();
                foreach (var (attributeField, text) in Fields(attributes).Where(f => f.Field >= 1 && f.Field <= names.Length))
                {
                    decoded[names[attributeField - 1]] = Encoding.UTF8.GetString(text);
                }
                spec[specField == 1 ? "resourceAttributes" : "nonResourceAttributes"] = decoded;
            }
        }
        return spec;
    }

    /// <summary>ObjectMeta's name (1), generateName (2), namespace (3), labels (11) and annotations (12).</summary>
    private static JsonObject ObjectMeta(byte[] meta)
    {
        var decoded = new JsonObject();
        foreach (var (field, value) in Fields(meta))
        {
            switch (field)
            {
                case 1 or 2 or 3 when value.Length > 0:
                    decoded[field switch { 1 => "name", 2 => "generateName", _ => "namespace" }] = Encoding.UTF8.GetString(value);
                    break;
                case 11 or 12:
                    var map = decoded[field == 11 ? "labels" : "annotations"] as JsonObject ?? [];
                    map[Text(value, 1) ?? ""] = Text(value, 2) ?? "";
                    decoded[field == 11 ? "labels" : "annotations"] = map;
                    break;
            }
        }
        return decoded;
    }

    private static string? Text(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field).Select(f => Encoding.UTF8.GetString(f.Value)).LastOrDefault();

    /// <summary>The length-delimited fields of a message (the only wire type the decoded fields use); others are skipped.</summary>
    private static List<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    Varint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    if (length < 0 || position + length > message.Length)
                    {
                        throw StatusErrors.BadRequest("truncated protobuf body");
                    }
                    fields.Add((field, message[position..(position + length)]));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw StatusErrors.BadRequest("unsupported protobuf wire type");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; position < message.Length && shift < 64; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw StatusErrors.BadRequest("truncated protobuf body");
    }
}
