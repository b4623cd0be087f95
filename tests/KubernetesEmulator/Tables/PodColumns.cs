using System.Globalization;
using System.Text.Json.Nodes;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Json;

namespace MeshBot.KubernetesEmulator.Tables;

/// <summary>
/// The pod table of <c>kubectl get pods</c>: READY counts regular containers plus native sidecars, STATUS follows the
/// server's printer (waiting/terminated reasons, Init:x/y, Terminating), RESTARTS notes the last restart's age.
/// </summary>
internal static class PodColumns
{
    public static readonly IReadOnlyList<PrinterColumn> Columns =
    [
        new("Ready", "string", 0, (pod, _) => Summarize(pod, default).Ready, Description: "The aggregate readiness state of this pod for accepting traffic."),
        new("Status", "string", 0, (pod, _) => Summarize(pod, default).Reason, Description: "The aggregate status of the containers in this pod."),
        new("Restarts", "string", 0, (pod, now) => Summarize(pod, now).Restarts, Description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        Cells.AgeColumn,
        new("IP", "string", 1, (pod, _) => pod.Str("status", "podIP") ?? "<none>", Description: "The IP address assigned to the pod"),
        new("Node", "string", 1, (pod, _) => pod.Str("spec", "nodeName") ?? "<none>", Description: "The name of the node assigned to the pod"),
        new("Nominated Node", "string", 1, (pod, _) => pod.Str("status", "nominatedNodeName") ?? "<none>", Description: "The name of the node nominated by the scheduler"),
        new("Readiness Gates", "string", 1, (_, _) => "<none>", Description: "The readiness gates of the pod"),
    ];

    private sealed record Summary(string Ready, string Reason, string Restarts);

    private static Summary Summarize(JsonObject pod, DateTimeOffset now)
    {
        var reason = pod.Str("status", "reason") ?? pod.Str("status", "phase") ?? "Unknown";
        var restartable = pod.Objects("spec", "initContainers")
            .Where(c => c.Str("restartPolicy") == "Always")
            .Select(c => c.Str("name"))
            .ToHashSet(StringComparer.Ordinal);
        var total = pod.Objects("spec", "containers").Count() + restartable.Count;
        var ready = 0;
        var restarts = 0;
        var sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = pod.Objects("status", "initContainerStatuses").ToList();
        var initCount = pod.Objects("spec", "initContainers").Count();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var status = initStatuses[i];
            var count = (int)(status.Long("restartCount") ?? 0);
            restarts += count;
            var finished = status.Time("lastState", "terminated", "finishedAt");
            lastRestart = Later(lastRestart, finished);
            var isSidecar = restartable.Contains(status.Str("name"));
            if (isSidecar)
            {
                sidecarRestarts += count;
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }

            var terminated = status.At("state", "terminated");
            var waitingReason = status.Str("state", "waiting", "reason");
            if (terminated is not null && terminated.Long("exitCode") == 0)
            {
                continue;
            }
            if (isSidecar && status.Bool("started") == true)
            {
                ready += status.Bool("ready") == true ? 1 : 0;
                continue;
            }
            if (terminated is not null)
            {
                reason = terminated.Str("reason") is { Length: > 0 } r ? "Init:" + r
                    : terminated.Long("signal") is { } signal and not 0 ? I($"Init:Signal:{signal}")
                    : I($"Init:ExitCode:{terminated.Long("exitCode") ?? 0}");
            }
            else if (waitingReason is { Length: > 0 } && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = I($"Init:{i}/{initCount}");
            }
            initializing = true;
            break;
        }

        var initialized = pod.Objects("status", "conditions").Any(c => c.Str("type") == "Initialized" && c.Str("status") == "True");
        if (!initializing || initialized)
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = pod.Objects("status", "containerStatuses").ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var status = statuses[i];
                restarts += (int)(status.Long("restartCount") ?? 0);
                lastRestart = Later(lastRestart, status.Time("lastState", "terminated", "finishedAt"));
                var terminated = status.At("state", "terminated");
                if (status.Str("state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null)
                {
                    reason = terminated.Str("reason") is { Length: > 0 } r ? r
                        : terminated.Long("signal") is { } signal and not 0 ? I($"Signal:{signal}")
                        : I($"ExitCode:{terminated.Long("exitCode") ?? 0}");
                }
                else if (status.Bool("ready") == true && status.At("state", "running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason == "Completed" && hasRunning)
            {
                reason = pod.Objects("status", "conditions").Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") ? "Running" : "NotReady";
            }
        }

        var phase = pod.Str("status", "phase");
        if (pod.At("metadata", "deletionTimestamp") is not null && phase is not ("Succeeded" or "Failed"))
        {
            reason = pod.Str("status", "reason") == "NodeLost" ? "Unknown" : "Terminating";
        }

        var restartText = restarts != 0 && lastRestart is { } last
            ? I($"{restarts} ({HumanDuration.Format(now - last)} ago)")
            : restarts.ToString(CultureInfo.InvariantCulture);
        return new Summary(I($"{ready}/{total}"), reason, restartText);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
