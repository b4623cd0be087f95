using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using MeshBot.Bot.Configuration;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Cli;

/// <summary><c>meshbot audit export [--incident ID] [--store CONNECTION]</c>: the audit trail as JSON lines, oldest first.</summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter output)
    {
        var incident = new Option<string?>("--incident") { Description = "Only this incident's entries." };
        var store = new Option<string?>("--store") { Description = "Store connection string (default: MeshBot:Store:ConnectionString)." };
        var export = new Command("export", "Print the audit trail as JSON lines.") { incident, store };
        export.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = MeshBotConfiguration.Load();
            if (parse.GetValue(store) is { } connection)
            {
                configuration["MeshBot:Store:ConnectionString"] = connection;
            }
            var incidents = Operations.Replicas.IncidentStores.Create(configuration);
            await incidents.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var entry in incidents.AuditAsync(parse.GetValue(incident), cancellationToken).ConfigureAwait(false))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(entry, Json)).ConfigureAwait(false);
            }
            return 0;
        });
        return new Command("audit", "The append-only audit trail.") { export };
    }
}
