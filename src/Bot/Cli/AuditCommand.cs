using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using MeshBot.Bot.Configuration;
using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Cli;

/// <summary><c>meshbot audit export [--incident ID] [--store PATH|CONNECTION]</c>: the audit trail as JSON lines, oldest first. It only reads: a store that does not exist is an error, not created.</summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The exit code of <c>--incident ID</c> for an incident the store does not know.</summary>
    public const int NoSuchIncident = 1;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var incident = new Option<string?>("--incident") { Description = "Only this incident's entries (exit 1 when there is no such incident)." };
        var store = new Option<string?>("--store") { Description = "The store: a SQLite file path or connection string (default: MeshBot:Store:ConnectionString).", HelpName = "PATH|CONNECTION" };
        var export = new Command("export", "Print the audit trail as JSON lines.") { incident, store };
        export.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = MeshBotConfiguration.Load();
            if (parse.GetValue(store) is { } connection)
            {
                // A bare path is the SQLite file itself.
                configuration["MeshBot:Store:ConnectionString"] = connection.Contains('=', StringComparison.Ordinal) ? connection : $"Data Source={connection}";
            }
            var settings = Operations.Replicas.IncidentStores.Settings(configuration);
            if (!settings.IsPostgres && await SqliteStoreFile.InspectAsync(settings.ConnectionString, SqliteIncidentStore.Schema, cancellationToken).ConfigureAwait(false) is null)
            {
                // Reading must not create: an empty new store would pass for an empty history.
                throw new CliException($"no store at {Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString).DataSource)}: nothing was recorded there (meshbot serve creates it; --store or MeshBot:Store:ConnectionString names it)");
            }
            var incidents = Operations.Replicas.IncidentStores.Create(settings, Operations.Replicas.IncidentStores.NewReplicaId());
            await incidents.MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(incident) is { } id && await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
            {
                await error.WriteLineAsync($"meshbot: no incident {id}").ConfigureAwait(false);
                return NoSuchIncident;
            }
            await foreach (var entry in incidents.AuditAsync(parse.GetValue(incident), cancellationToken).ConfigureAwait(false))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(entry, Json)).ConfigureAwait(false);
            }
            return 0;
        });
        return new Command("audit", "The append-only audit trail.") { export };
    }
}
