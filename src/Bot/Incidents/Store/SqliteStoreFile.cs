using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace MeshBot.Bot.Incidents.Store;

/// <summary>An existing store file that passed <see cref="SqliteStoreFile.InspectAsync"/>.</summary>
internal sealed record SqliteStoreStatus(string File, string SqliteVersion, long SchemaVersion);

/// <summary>
/// Looks at the SQLite store's file before anything writes to it. SQLite treats an empty file as a new database, so
/// migrating it would start a fresh, empty history over a store that lost its data; a damaged file fails later, mid-query.
/// Only a file that holds MeshBot's schema is a store. The file is opened read-only, so a refused file stays byte for byte
/// as it was — and only through SQLite: closing any other handle on the database file would drop the POSIX locks this
/// process's open connections hold on it, and another process (an audit export) would then take itself for the last
/// connection, checkpoint and delete the -wal file under the running bot, losing every write after it.
/// </summary>
internal static partial class SqliteStoreFile
{
    private const string Advice = "restore it from a backup (with its -wal file) or move it away to start a new store";
    private const int CantOpen = 14;
    private const int Corrupt = 11;
    private const int NotADatabase = 26;


    /// <summary>
    /// The existing store, or null when there is no file yet (or the database is in memory): migrating creates it.
    /// Throws <see cref="StoreFileException"/> for a file that existed and is empty, not SQLite, damaged or not MeshBot's.
    /// </summary>
    public static async Task<SqliteStoreStatus?> InspectAsync(string connectionString, IEnumerable<(int Version, string Name, string Sql)> migrations, CancellationToken cancellationToken)
    {
        var settings = new SqliteConnectionStringBuilder(connectionString);
        if (settings.Mode == SqliteOpenMode.Memory || settings.DataSource is "" or ":memory:")
        {
            return null;
        }
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == CantOpen)
        {
            RefuseLeftovers(settings.DataSource, e);
            return null;
        }

        var file = connection.DataSource; // SQLite's own absolute name for it
        if (new FileInfo(file).Length == 0)
        {
            throw new StoreFileException($"store {file} is empty (0 bytes) but existed: {Advice}");
        }
        try
        {
            var check = await Scalar(connection, "PRAGMA quick_check", cancellationToken).ConfigureAwait(false);
            if (check is not "ok")
            {
                throw new StoreFileException($"store {file} is damaged (quick_check: {OneLine(check)}): {Advice}");
            }
            var schemaVersion = await SchemaVersionAsync(connection, file, migrations, cancellationToken).ConfigureAwait(false);
            return new SqliteStoreStatus(file, connection.ServerVersion, schemaVersion);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == NotADatabase)
        {
            throw new StoreFileException($"store {file} is not a SQLite database (its header is not SQLite's): {Advice}");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == Corrupt)
        {
            throw new StoreFileException($"store {file} is damaged ({OneLine(e.Message)}): {Advice}");
        }
        catch (SqliteException e)
        {
            throw new StoreFileException($"store {file} cannot be read ({OneLine(e.Message)}): check its owner and permissions, {Advice}");
        }
    }

    // No database file: a new store, unless what is left says there was one (a -wal file holds committed transactions), or
    // the file is there and SQLite may not open it.
    private static void RefuseLeftovers(string dataSource, SqliteException cantOpen)
    {
        if (dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var file = Path.GetFullPath(dataSource);
        if (File.Exists(file))
        {
            throw new StoreFileException($"store {file} cannot be opened ({OneLine(cantOpen.Message)}): check its owner and permissions");
        }
        if (new FileInfo(file + "-wal") is { Exists: true, Length: > 0 })
        {
            throw new StoreFileException($"store {file} does not exist but its -wal file does: restore {Path.GetFileName(file)} from a backup, or move {file}-wal away to start a new store");
        }
    }

    // The highest migration applied; every table the applied migrations created must still be there.
    private static async Task<long> SchemaVersionAsync(SqliteConnection connection, string file, IEnumerable<(int Version, string Name, string Sql)> migrations, CancellationToken cancellationToken)
    {
        var tables = (await Column(connection, "SELECT name FROM sqlite_master WHERE type = 'table'", cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!tables.Contains("schema_migrations"))
        {
            throw new StoreFileException($"store {file} has no MeshBot schema (no schema_migrations table): point MeshBot:Store:ConnectionString at the store, {Advice}");
        }
        var applied = (await Column(connection, "SELECT version FROM schema_migrations", cancellationToken).ConfigureAwait(false))
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToHashSet();
        var missing = migrations.Where(m => applied.Contains(m.Version))
            .SelectMany(m => CreatedTable().Matches(m.Sql).Select(t => t.Groups[1].Value))
            .Where(t => !tables.Contains(t)).Order(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            throw new StoreFileException($"store {file} lacks tables its schema_migrations records ({string.Join(", ", missing)}): {Advice}");
        }
        return applied.Count == 0 ? 0 : applied.Max();
    }

    private static async Task<string?> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken) =>
        (await Column(connection, sql, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    private static async Task<List<string>> Column(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? "");
        }
        return values;
    }

    private static string OneLine(string? text) => string.Join(' ', (text ?? "no answer").Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    [GeneratedRegex(@"CREATE TABLE (\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreatedTable();
}
