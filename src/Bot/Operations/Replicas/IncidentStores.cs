using System.Globalization;
using System.Security.Cryptography;
using MeshBot.Bot.Cli;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Incidents.Store.Postgres;
using Npgsql;

namespace MeshBot.Bot.Operations.Replicas;

/// <summary><c>MeshBot:Store</c> bound and validated: which store, where, and how long a replica's leases last.</summary>
public sealed record StoreSettings(string Provider, string ConnectionString, TimeSpan LeaseTtl)
{
    public bool IsPostgres => Provider == IncidentStores.Postgres;

    /// <summary>The store as one line, without secrets (no password).</summary>
    public string Describe()
    {
        if (!IsPostgres)
        {
            return $"sqlite {new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource}";
        }
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"postgres {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }
}

/// <summary>
/// Chooses the incident store from <c>MeshBot:Store:Provider</c>: <c>sqlite</c> (the default, one replica, file in
/// <c>MeshBot:Store:ConnectionString</c>) or <c>postgres</c> (several replicas sharing one database; the connection
/// string is Npgsql's, <c>Host=…;Database=…;Username=…;Password=…</c>). A malformed value stops start-up naming the key.
/// Either store comes wrapped in <see cref="ReplicaSafeIncidentStore"/>.
/// </summary>
public static class IncidentStores
{
    public const string Section = "MeshBot:Store";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(30);

    public static StoreSettings Settings(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var provider = (section["Provider"] ?? "").Trim().ToLowerInvariant();
        provider = provider switch
        {
            "" or Sqlite => Sqlite,
            Postgres or "postgresql" or "npgsql" => Postgres,
            _ => throw new CliException($"configuration {Section}:Provider: '{section["Provider"]}' is not sqlite or postgres"),
        };
        var ttl = DefaultLeaseTtl;
        if (section["LeaseTtl"] is { Length: > 0 } ttlText
            && (!TimeSpan.TryParse(ttlText, CultureInfo.InvariantCulture, out ttl) || ttl < TimeSpan.FromSeconds(3)))
        {
            throw new CliException($"configuration {Section}:LeaseTtl: '{ttlText}' is not a duration of at least 00:00:03");
        }
        return provider == Sqlite
            ? new StoreSettings(Sqlite, BotSettings.StoreConnectionString(configuration), ttl)
            : new StoreSettings(Postgres, PostgresConnectionString(section["ConnectionString"]), ttl);
    }

    /// <summary>The configured store for this process (a new replica id unless one is given).</summary>
    public static IIncidentStore Create(IConfiguration configuration, string? replica = null) =>
        Create(Settings(configuration), replica ?? NewReplicaId());

    public static IIncidentStore Create(StoreSettings settings, string replica) =>
        new ReplicaSafeIncidentStore(settings.IsPostgres ? new PostgresIncidentStore(settings.ConnectionString, replica) : new SqliteIncidentStore(settings.ConnectionString), replica);

    /// <summary>A replica id unique to this process: host, process id and a random suffix (a restarted pod is a new replica).</summary>
    public static string NewReplicaId() =>
        $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Connects to the store without changing it: what it is and the schema version found; a SQLite file that is not a store is refused as at start-up.</summary>
    public static async Task<string> ProbeAsync(StoreSettings settings, CancellationToken cancellationToken)
    {
        if (settings.IsPostgres)
        {
            await using var postgres = new PostgresIncidentStore(settings.ConnectionString, "check-config");
            var (server, version) = await postgres.ProbeAsync(cancellationToken).ConfigureAwait(false);
            return $"{settings.Describe()} (PostgreSQL {server}, schema version {version})";
        }
        // Read-only, and the same refusals as start-up: an empty, damaged or foreign file is reported, never migrated.
        if (await SqliteStoreFile.InspectAsync(settings.ConnectionString, SqliteIncidentStore.Schema, cancellationToken).ConfigureAwait(false) is { } store)
        {
            return $"{settings.Describe()} (SQLite {store.SqliteVersion}, schema version {store.SchemaVersion})";
        }
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString);
        if (builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            return $"{settings.Describe()} (in memory: nothing survives a restart)";
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource))!;
        return Directory.Exists(directory)
            ? $"{settings.Describe()} (not created yet; meshbot serve creates it in {directory})"
            : throw new IOException($"directory {directory} does not exist");
    }

    private static string PostgresConnectionString(string? value)
    {
        const string Key = $"{Section}:ConnectionString";
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliException($"configuration {Key}: required with {Section}:Provider=postgres (Host=…;Database=…;Username=…;Password=…)");
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new CliException($"configuration {Key}: {e.Message.Split('\n')[0]}; with {Section}:Provider=postgres it is Npgsql's Host=…;Database=…;Username=…;Password=…");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new CliException($"configuration {Key}: no Host; with {Section}:Provider=postgres it is Npgsql's Host=…;Database=…;Username=…;Password=…");
        }
        return value;
    }
}
