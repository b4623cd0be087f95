using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

/// <summary>A Flux HelmRelease and its <c>Ready</c> condition.</summary>
public sealed class HelmRelease : KubeObject
{
    public HelmRelease(JsonElement raw) : base(ResourceKinds.HelmRelease, raw)
    {
        var ready = raw.Items("status", "conditions").FirstOrDefault(c => c.Str("type") == "Ready");
        ReadyStatus = ready.ValueKind == JsonValueKind.Object ? ready.Str("status") : null;
        ReadyReason = ready.ValueKind == JsonValueKind.Object ? ready.Str("reason") : null;
        ReadyMessage = ready.ValueKind == JsonValueKind.Object ? ready.Str("message") : null;
    }

    /// <summary><c>True</c>, <c>False</c>, <c>Unknown</c>, or null when the release reports no Ready condition.</summary>
    public string? ReadyStatus { get; }

    public string? ReadyReason { get; }

    public string? ReadyMessage { get; }
}
