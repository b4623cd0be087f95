using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kinds;

public sealed class PeerAuthentication : KubeObject
{
    public PeerAuthentication(JsonElement raw) : base(ResourceKinds.PeerAuthentication, raw)
    {
        var matchLabels = raw.StringMap("spec", "selector", "matchLabels");
        Selector = matchLabels.Count == 0 ? null : matchLabels;
        Mode = MeshModes.ParseMtls(raw.Str("spec", "mtls", "mode"));
        PortLevelMtls = raw.Properties("spec", "portLevelMtls")
            .Where(p => int.TryParse(p.Name, out _))
            .ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => MeshModes.ParseMtls(p.Value.Str("mode")) ?? MtlsMode.Unset);
    }

    /// <summary>Non-empty <c>selector.matchLabels</c>, or null for a namespace- or mesh-level policy.</summary>
    public IReadOnlyDictionary<string, string>? Selector { get; }

    /// <summary>The top-level <c>mtls.mode</c>; null when <c>mtls</c> is absent (same as UNSET).</summary>
    public MtlsMode? Mode { get; }

    /// <summary>Keyed by the workload (container) port.</summary>
    public IReadOnlyDictionary<int, MtlsMode> PortLevelMtls { get; }
}
