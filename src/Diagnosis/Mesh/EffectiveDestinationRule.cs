using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

public enum RuleLevel
{
    None,
    ClientNamespace,
    ServiceNamespace,
    RootNamespace,
}

/// <summary>
/// The DestinationRule a client applies to a host and Service port, and the TLS mode it sets there
/// (null: the rule sets none for that port, so auto mTLS decides).
/// </summary>
public sealed record EffectiveDestinationRule(DestinationRule? Rule, RuleLevel Level, TlsMode? Tls, bool FromPortLevel, string Host, int? ServicePort)
{
    public static EffectiveDestinationRule None(string host, int? port) => new(null, RuleLevel.None, null, false, host, port);

    public string Explain()
    {
        if (Rule is null)
        {
            return $"no DestinationRule applies to {Host}: auto mTLS decides";
        }
        var where = Level switch
        {
            RuleLevel.ClientNamespace => "the client's namespace",
            RuleLevel.ServiceNamespace => "the service's namespace, exported",
            _ => "the root namespace, exported",
        };
        var setting = Tls is { } tls
            ? $"tls.mode {tls.Wire()}{(FromPortLevel ? $" (portLevelSettings for port {ServicePort})" : "")}"
            : FromPortLevel ? $"a portLevelSettings entry for port {ServicePort} without tls (auto mTLS)" : "no tls (auto mTLS)";
        return $"{Rule.Reference} from {where} applies to {Host}: {setting}";
    }
}
