using MeshBot.Cluster.Kinds;
namespace MeshBot.Diagnosis.Mesh;

/// <summary>What a client puts on the wire toward one server endpoint.</summary>
public enum Origination
{
    Plaintext,
    IstioMutual,
    Simple,
    Mutual,
}

public sealed record ClientOrigination(Origination Origination, string Why);

public sealed record Compatibility(bool Works, string Why);

/// <summary>
/// Client origination and the server's acceptance (DESIGN "mTLS semantics", reference §3.2 item 6): an
/// explicit DestinationRule mode overrides auto mTLS; without one the client sidecar sends ISTIO_MUTUAL
/// only to endpoints labelled <c>security.istio.io/tlsMode=istio</c> whose port is not DISABLE; a client
/// without a sidecar sends plaintext whatever any DestinationRule says.
/// </summary>
public static class TlsCompatibility
{
    public static ClientOrigination Originate(bool clientHasSidecar, EffectiveDestinationRule rule, bool serverEndpointIstioLabelled, MtlsMode serverPortMode)
    {
        if (!clientHasSidecar)
        {
            return new(Origination.Plaintext, "the client has no sidecar, so it sends plaintext; DestinationRules are applied by the client's sidecar and do nothing here");
        }
        return rule.Tls switch
        {
            TlsMode.Disable => new(Origination.Plaintext, $"{rule.Rule!.Reference} sets tls.mode DISABLE: the client sidecar sends plaintext"),
            TlsMode.Simple => new(Origination.Simple, $"{rule.Rule!.Reference} sets tls.mode SIMPLE: the client sidecar sends TLS without an Istio client certificate"),
            TlsMode.Mutual => new(Origination.Mutual, $"{rule.Rule!.Reference} sets tls.mode MUTUAL with user certificates"),
            TlsMode.IstioMutual => new(Origination.IstioMutual, $"{rule.Rule!.Reference} forces ISTIO_MUTUAL"),
            _ when serverEndpointIstioLabelled && serverPortMode != MtlsMode.Disable =>
                new(Origination.IstioMutual, "auto mTLS: the server endpoints carry security.istio.io/tlsMode=istio, so the client sidecar sends ISTIO_MUTUAL"),
            _ when serverEndpointIstioLabelled =>
                new(Origination.Plaintext, "auto mTLS: the server port is DISABLE, so the client sidecar sends plaintext"),
            _ => new(Origination.Plaintext, "auto mTLS: the server endpoints are not labelled security.istio.io/tlsMode=istio, so the client sidecar sends plaintext"),
        };
    }

    public static Compatibility Accepts(ClientOrigination client, bool serverHasSidecar, MtlsMode serverPortMode)
    {
        if (!serverHasSidecar)
        {
            return client.Origination == Origination.IstioMutual
                ? new(false, "the client sends Istio mTLS to a server without a sidecar, which cannot terminate it (TLS handshake fails)")
                : new(true, "the server has no sidecar and takes what its application accepts");
        }
        return (client.Origination, serverPortMode) switch
        {
            (Origination.Plaintext, MtlsMode.Strict) => new(false, "the server's sidecar is STRICT and rejects plaintext (filter_chain_not_found)"),
            (Origination.IstioMutual, MtlsMode.Disable) => new(false, "the server's sidecar is DISABLE and has no TLS chain for the client's Istio mTLS"),
            (Origination.Simple or Origination.Mutual, MtlsMode.Strict or MtlsMode.Disable) =>
                new(false, $"the server's sidecar is {serverPortMode.Wire()} and does not accept TLS without an Istio client certificate"),
            _ => new(true, $"the server's sidecar is {serverPortMode.Wire()} and accepts {Describe(client.Origination)}"),
        };
    }

    public static string Describe(Origination origination) => origination switch
    {
        Origination.Plaintext => "plaintext",
        Origination.IstioMutual => "Istio mTLS",
        Origination.Simple => "one-way TLS",
        _ => "mTLS with user certificates",
    };
}
