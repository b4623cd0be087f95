using System.Text.Json.Nodes;
using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Reports;

/// <summary>
/// One port of the JSON <c>edge</c>: <c>accepts</c> (the server's data plane, mode, what is enforced, the policy at each
/// level and the one that decided), <c>sends</c> (the client's data plane, what it sends, the DestinationRule that applied
/// or null for auto mTLS) and <c>compatible</c> (null when MeshBot cannot tell).
/// </summary>
internal static class EdgeJson
{
    public static JsonNode Port(PortEdge edge) => new JsonObject
    {
        ["server"] = edge.Server,
        ["servicePort"] = edge.Port.ServicePort,
        ["containerPort"] = edge.Port.ContainerPort,
        ["accepts"] = Accepts(edge.Accepts),
        ["sends"] = edge.Sends is { } sends ? Sends(sends) : null,
        ["compatible"] = edge.Compatible,
        ["why"] = edge.Why,
    };

    private static JsonObject Accepts(EdgeServer server) => new()
    {
        ["dataPlane"] = server.DataPlane.Wire(),
        ["mode"] = server.Policy.Mode.Wire(),
        ["enforced"] = server.Enforced.Wire(),
        ["decidedAt"] = server.Policy.DecidedAt.ToString().ToLowerInvariant(),
        ["decidedBy"] = server.Policy.DecidedBy?.Reference,
        ["policies"] = new JsonObject
        {
            ["mesh"] = Policy(server.Policy.Mesh),
            ["namespace"] = Policy(server.Policy.Namespace),
            ["workload"] = Policy(server.Policy.Workload),
        },
    };

    private static JsonObject Sends(EdgeClient client) => new()
    {
        ["dataPlane"] = client.DataPlane.Wire(),
        ["tls"] = client.Sends switch
        {
            Origination.IstioMutual => "istio-mutual",
            Origination.Simple => "simple",
            Origination.Mutual => "mutual",
            _ => "plaintext",
        },
        ["destinationRule"] = client.Rule?.Rule is { } rule
            ? new JsonObject
            {
                ["name"] = rule.Reference,
                ["level"] = client.Rule.Level switch
                {
                    RuleLevel.ClientNamespace => "client-namespace",
                    RuleLevel.ServiceNamespace => "service-namespace",
                    _ => "root-namespace",
                },
                ["portLevel"] = client.Rule.FromPortLevel,
                ["tls"] = client.Rule.Tls?.Wire(),
            }
            : null,
        ["why"] = client.Why,
    };

    private static JsonNode? Policy(PeerAuthentication? policy) =>
        policy is null ? null : new JsonObject { ["name"] = policy.Reference, ["mode"] = (policy.Mode ?? MtlsMode.Unset).Wire() };
}
