using System.Globalization;
using System.Text;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Json;
using MeshBot.KubernetesEmulator.Storage;

namespace MeshBot.KubernetesEmulator.Logs;

/// <summary>
/// <c>GET …/pods/NAME/log</c>: the container must be named when the pod has several (400 with the real message, listing
/// init, regular and ephemeral containers), then <c>sinceSeconds</c>/<c>sinceTime</c> (lines without a leading
/// timestamp are kept), <c>tailLines</c> and <c>limitBytes</c> apply in the kubelet's order. A container whose log the
/// snapshot did not capture answers 404: the emulator cannot know what it logged, and must not pretend it logged nothing.
/// </summary>
internal sealed class LogHandler(ObjectStore store, ContainerLogs logs, TimeProvider clock)
{
    public Task GetAsync(ApiCall call)
    {
        var pod = store.Get(call.Type, call.Namespace, call.Name) ?? throw StatusErrors.NotFound(call.Type, call.Name);
        var query = call.Http.Request.Query;
        var container = Container(pod, query["container"].ToString(), call.Name);
        if (query["previous"] == "true")
        {
            throw StatusErrors.BadRequest($"previous terminated container \"{container}\" in pod \"{call.Name}\" not found");
        }

        var captured = logs.Get(call.Request.Namespace, call.Name, container)
            ?? throw new ApiException(404, "NotFound", $"the log of container \"{container}\" in pod \"{call.Name}\" was not captured in the snapshot this emulator serves");
        IEnumerable<string> lines = captured
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .ToList();
        if (lines.LastOrDefault() == "")
        {
            lines = lines.SkipLast(1).ToList(); // the newline ending the last line does not start another
        }

        var since = Since(query["sinceSeconds"], query["sinceTime"]);
        if (since is { } cutoff)
        {
            lines = lines.Where(l => LeadingTimestamp(l) is not { } at || at >= cutoff).ToList();
        }
        if (query["tailLines"].ToString() is { Length: > 0 } tail && int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            lines = lines.TakeLast(count).ToList();
        }
        var text = string.Concat(lines.Select(l => l + "\n"));
        if (query["limitBytes"].ToString() is { Length: > 0 } limit && int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            var encoded = Encoding.UTF8.GetBytes(text);
            text = Encoding.UTF8.GetString(encoded, 0, Math.Min(bytes, encoded.Length));
        }
        return Responses.WriteTextAsync(call.Http, text);
    }

    private static string Container(System.Text.Json.Nodes.JsonObject pod, string requested, string podName)
    {
        var regular = pod.Objects("spec", "containers").Select(c => c.Str("name") ?? "").ToList();
        var all = pod.Objects("spec", "initContainers").Concat(pod.Objects("spec", "containers")).Concat(pod.Objects("spec", "ephemeralContainers"))
            .Select(c => c.Str("name") ?? "")
            .ToList();
        if (requested.Length > 0)
        {
            return all.Contains(requested) ? requested : throw StatusErrors.BadRequest($"container {requested} is not valid for pod {podName}");
        }
        return regular.Count switch
        {
            1 => regular[0],
            0 => throw StatusErrors.BadRequest($"a container name must be specified for pod {podName}"),
            _ => throw StatusErrors.BadRequest($"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', all)}]"),
        };
    }

    private DateTimeOffset? Since(string? seconds, string? time)
    {
        if (long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            return clock.GetUtcNow().AddSeconds(-s);
        }
        return DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }

    // Istio and Envoy lines start with an RFC 3339 time, Envoy access logs wrap it in brackets.
    private static DateTimeOffset? LeadingTimestamp(string line)
    {
        var token = line.TrimStart('[').Split([' ', '\t', ']'], 2)[0];
        return token.Length >= 20 && char.IsAsciiDigit(token[0])
            && DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }
}
