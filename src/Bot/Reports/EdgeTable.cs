using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Bot.Reports;

/// <summary>The edge as a short table for the text and Markdown notes: port, server, client, verdict.</summary>
internal static class EdgeTable
{
    public static readonly string[] Header = ["Port", "Server accepts", "Client sends", "Compatible"];

    public static string[] Cells(PortEdge edge)
    {
        var server = edge.Accepts;
        var decided = server.Policy.DecidedBy is { } policy ? $"{server.Policy.DecidedAt.ToString().ToLowerInvariant()} {policy.Reference}" : "default";
        var accepts = server.DataPlane switch
        {
            DataPlane.None => "no sidecar: what the application accepts",
            DataPlane.Ambient => $"ambient {server.Enforced.Wire()} ({server.Policy.Mode.Wire()}, {decided})",
            _ => $"sidecar {server.Policy.Mode.Wire()} ({decided})",
        };
        var sends = edge.Sends is not { } client
            ? "—"
            : $"{client.DataPlane.Wire()}: {TlsCompatibility.Describe(client.Sends)}" + (client.Rule?.Rule is { } rule ? $" ({rule.Reference})" : client.DataPlane == DataPlane.Sidecar ? " (auto mTLS)" : "");
        var compatible = edge.Compatible switch { true => "yes", false => "NO", null => "?" };
        return [$"{edge.Server} {edge.Port.Describe()}", accepts, sends, compatible];
    }

    public static IEnumerable<string> Rows(IReadOnlyList<PortEdge> edges) =>
        edges.Select(e => Cells(e)).Select(c => $"{c[0]}: {c[1]} ← {c[2]} — compatible: {c[3]}");
}
