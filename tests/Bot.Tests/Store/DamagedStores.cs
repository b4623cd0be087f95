using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using Microsoft.Data.Sqlite;

namespace MeshBot.Bot.Tests.Store;

/// <summary>
/// Store files as they turn up after a bad day, made for real in a temporary directory: a file emptied to 0 bytes, a
/// real store (incidents and audit entries) truncated to half its size, a real store whose header was overwritten,
/// and a SQLite database that is not MeshBot's.
/// </summary>
internal sealed class DamagedStores : IDisposable
{
    public const string Empty = "empty";
    public const string Truncated = "truncated";
    public const string GarbageHeader = "garbage-header";
    public const string Foreign = "foreign";

    private readonly DirectoryInfo _dir = System.IO.Directory.CreateTempSubdirectory("meshbot-damaged-");

    /// <summary>Each kind with the words its refusal must say.</summary>
    public static TheoryData<string, string> Kinds => new()
    {
        { Empty, "is empty (0 bytes) but existed" },
        { Truncated, "is damaged" },
        { GarbageHeader, "is not a SQLite database" },
        { Foreign, "has no MeshBot schema" },
    };

    public string Directory => _dir.FullName;

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Writes the damaged file <c>meshbot.db</c> of that kind and returns its full path.</summary>
    public async Task<string> WriteAsync(string kind)
    {
        var path = Path.Combine(_dir.FullName, "meshbot.db");
        switch (kind)
        {
            case Empty:
                await File.WriteAllBytesAsync(path, []);
                break;
            case Truncated:
                await WriteStoreAsync(path);
                await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    file.SetLength(file.Length / 2);
                }
                break;
            case GarbageHeader:
                await WriteStoreAsync(path);
                await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    file.Write("this is not the header SQLite wrote here, it is garbage: 0123456789abcdef0123456789abcdef0123456789"u8);
                }
                break;
            case Foreign:
                await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
                {
                    await connection.OpenAsync();
                    await using var create = connection.CreateCommand();
                    create.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('someone else''s data')";
                    await create.ExecuteNonQueryAsync();
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of damaged store");
        }
        return path;
    }

    /// <summary>
    /// A real store with 40 incidents and 200 audit entries. Without pooling every connection closes, so SQLite folds
    /// the -wal file into the database file: everything is in <paramref name="path"/>.
    /// </summary>
    public static async Task WriteStoreAsync(string path)
    {
        var store = new SqliteIncidentStore($"Data Source={path};Pooling=False");
        await store.MigrateAsync();
        for (var i = 0; i < 40; i++)
        {
            var incident = PostgresIncidentStoreTests.NewIncident($"group-{i}");
            incident.ReportJson = $"{{\"apiVersion\":\"meshbot.diagnosis/v1\",\"note\":\"{new string('x', 1500)}\"}}";
            await store.CreateAsync(incident);
            for (var a = 0; a < 5; a++)
            {
                await store.AppendAuditAsync(new AuditEntry(0, DateTimeOffset.UtcNow, incident.Id, incident.CorrelationId, "carol", AuditKinds.Request, $"entry {a} of {incident.Id}"));
            }
        }
    }
}
