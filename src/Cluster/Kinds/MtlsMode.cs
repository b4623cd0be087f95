namespace MeshBot.Cluster.Kinds;

/// <summary>PeerAuthentication mode (server side).</summary>
public enum MtlsMode
{
    Unset,
    Disable,
    Permissive,
    Strict,
}

/// <summary>DestinationRule <c>tls.mode</c> (client side).</summary>
public enum TlsMode
{
    Disable,
    Simple,
    Mutual,
    IstioMutual,
}

public static class MeshModes
{
    public static MtlsMode? ParseMtls(string? text) => text?.ToUpperInvariant() switch
    {
        null => null,
        "UNSET" => MtlsMode.Unset,
        "DISABLE" => MtlsMode.Disable,
        "PERMISSIVE" => MtlsMode.Permissive,
        "STRICT" => MtlsMode.Strict,
        _ => MtlsMode.Unset,
    };

    public static TlsMode? ParseTls(string? text) => text?.ToUpperInvariant() switch
    {
        "DISABLE" => TlsMode.Disable,
        "SIMPLE" => TlsMode.Simple,
        "MUTUAL" => TlsMode.Mutual,
        "ISTIO_MUTUAL" => TlsMode.IstioMutual,
        _ => null,
    };

    public static string Wire(this MtlsMode mode) => mode.ToString().ToUpperInvariant();

    public static string Wire(this TlsMode mode) => mode == TlsMode.IstioMutual ? "ISTIO_MUTUAL" : mode.ToString().ToUpperInvariant();
}
