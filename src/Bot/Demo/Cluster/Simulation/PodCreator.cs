using System.Text.Json.Nodes;
using MeshBot.Cluster;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// A controller creating one pod from its template: admission (the injector) decides, a rejected pod becomes a Warning
/// <c>FailedCreate</c> Event on the controller with the API server's message, an admitted one is scheduled, started
/// and starts logging.
/// </summary>
internal sealed class PodCreator(ObjectStore store, SidecarInjector injector, PodAddresses addresses, EventRecorder events, Traffic traffic, List<string> activity)
{
    /// <summary>Why admission would reject a pod from this template now, or null; nothing is created or recorded.</summary>
    public string? Rejection(JsonObject owner, JsonObject template, IReadOnlyDictionary<string, string> extraLabels) =>
        Admit(owner, template, extraLabels).Error;

    /// <summary>The pod, or null when admission rejected it; <paramref name="error"/> then holds the API server's message.</summary>
    public JsonObject? Create(JsonObject owner, string podName, JsonObject template, IReadOnlyDictionary<string, string> extraLabels, string workload, out string? error)
    {
        var ns = owner.Namespace() ?? "default";
        var admission = Admit(owner, template, extraLabels);
        var kind = owner.Str("kind") ?? "ReplicaSet";
        if (!admission.Allowed)
        {
            error = admission.Error;
            var message = kind == "StatefulSet"
                ? $"create Pod {podName} in StatefulSet {owner.Name()} failed error: {error}"
                : $"Error creating: {error}";
            events.Warning(owner, "FailedCreate", message, kind.ToLowerInvariant() + "-controller");
            activity.Add($"{kind} {ns}/{owner.Name()}: pod creation rejected: {error}");
            return null;
        }

        error = null;
        var owning = new PodOwner(owner.Str("apiVersion") ?? "apps/v1", kind, owner.Name(), owner.Str("metadata", "uid") ?? "");
        var pod = PodFactory.Create(ns, podName, owning, template, extraLabels, admission, workload, addresses.Allocate(), store.Time.GetUtcNow());
        store.Add(ResourceKinds.Pod, pod);
        traffic.Start(pod);
        activity.Add($"{kind} {ns}/{owner.Name()}: created pod {podName} ({pod.Str("status", "podIP")}){(admission.Injected ? ", sidecar injected" : ", no sidecar")}");
        return pod;
    }

    private Admission Admit(JsonObject owner, JsonObject template, IReadOnlyDictionary<string, string> extraLabels)
    {
        var labels = template.Map("metadata", "labels");
        foreach (var (key, value) in extraLabels)
        {
            labels[key] = value;
        }
        var hostNetwork = template.Str("spec", "hostNetwork") == "true";
        return injector.Admit(owner.Namespace() ?? "default", labels, template.Map("metadata", "annotations"), hostNetwork);
    }

    /// <summary>A pod's generated name: the owner's name and five characters from the API server's suffix alphabet, unused in the namespace.</summary>
    public string GeneratedName(string ns, string prefix)
    {
        while (true)
        {
            var name = $"{prefix}-{ApiWrites.Suffix()}";
            if (store.Get(ResourceKinds.Pod, ns, name) is null)
            {
                return name;
            }
        }
    }
}
