using MeshBot.Bot.Incidents.Store;

namespace MeshBot.Bot.Tests.Store;

/// <summary>
/// The SQLite store refuses a file that existed and is now empty, damaged or not MeshBot's, in one line naming the file,
/// and leaves it byte for byte as it was; a missing file is created, a healthy store keeps its history.
/// </summary>
public sealed class SqliteIncidentStoreTests : IDisposable
{
    private readonly DamagedStores _stores = new();

    public void Dispose() => _stores.Dispose();

    internal static void AssertRefusal(string? message, string path, string reason)
    {
        Assert.NotNull(message);
        Assert.DoesNotContain('\n', message);
        Assert.Contains($"store {path} {reason}", message);
        Assert.Contains("restore it from a backup (with its -wal file) or move it away to start a new store", message);
    }

    [Theory]
    [MemberData(nameof(DamagedStores.Kinds), MemberType = typeof(DamagedStores))]
    public async Task MigrateAsync_DamagedFile_RefusesInOneLineAndLeavesTheFileUnchanged(string kind, string reason)
    {
        var path = await _stores.WriteAsync(kind);
        var before = await File.ReadAllBytesAsync(path);

        var error = await Record.ExceptionAsync(() => new SqliteIncidentStore($"Data Source={path}").MigrateAsync());

        AssertRefusal(error?.Message, path, reason);
        Assert.IsType<StoreFileException>(error);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task MigrateAsync_OnlyTheWalFileLeft_RefusesAndCreatesNothing()
    {
        var path = Path.Combine(_stores.Directory, "meshbot.db");
        await File.WriteAllBytesAsync(path + "-wal", new byte[4096]);

        var error = await Record.ExceptionAsync(() => new SqliteIncidentStore($"Data Source={path}").MigrateAsync());

        Assert.NotNull(error);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains($"store {path} does not exist but its -wal file does", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task MigrateAsync_NoFile_CreatesTheStore()
    {
        var path = Path.Combine(_stores.Directory, "new.db");
        var store = new SqliteIncidentStore($"Data Source={path};Pooling=False");

        await store.MigrateAsync();

        Assert.Empty(await store.ListAsync());
        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public async Task MigrateAsync_HealthyStore_KeepsItsIncidentsAndAudit()
    {
        var path = Path.Combine(_stores.Directory, "meshbot.db");
        await DamagedStores.WriteStoreAsync(path);
        var store = new SqliteIncidentStore($"Data Source={path};Pooling=False");

        await store.MigrateAsync();

        Assert.Equal(40, (await store.ListAsync()).Count);
        Assert.Equal(200, await store.AuditAsync().CountAsync());
    }
}
