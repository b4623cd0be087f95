using MeshBot.Bot.Tests.Store;

namespace MeshBot.Bot.Tests.Cli;

/// <summary><c>meshbot audit export</c> on a store file that is empty or damaged: exit 2, one line, the file untouched.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly DamagedStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Theory]
    [MemberData(nameof(DamagedStores.Kinds), MemberType = typeof(DamagedStores))]
    public async Task Export_DamagedStore_ExitsTwoWithOneLineAndLeavesTheFileUnchanged(string kind, string reason)
    {
        var path = await _stores.WriteAsync(kind);
        var before = await File.ReadAllBytesAsync(path);

        var result = await CliRun.RunAsync("audit", "export", "--store", $"Data Source={path}");

        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.StartsWith("meshbot: ", result.Error);
        SqliteIncidentStoreTests.AssertRefusal(result.Error.TrimEnd(), path, reason);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Export_HealthyStore_PrintsEveryEntry()
    {
        var path = Path.Combine(_stores.Directory, "meshbot.db");
        await DamagedStores.WriteStoreAsync(path);

        var result = await CliRun.RunAsync("audit", "export", "--store", $"Data Source={path};Pooling=False");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(200, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Export_StoreGivenAsAPath_IsReadAsTheSqliteFile()
    {
        var path = Path.Combine(_stores.Directory, "by-path.db");
        await DamagedStores.WriteStoreAsync(path);

        var result = await CliRun.RunAsync("audit", "export", "--store", path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(200, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Export_UnknownIncident_SaysSoAndExitsOne()
    {
        var path = Path.Combine(_stores.Directory, "known.db");
        await DamagedStores.WriteStoreAsync(path);

        var result = await CliRun.RunAsync("audit", "export", "--store", path, "--incident", "nope");

        Assert.Equal((1, ""), (result.ExitCode, result.Output));
        Assert.Equal("meshbot: no incident nope", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Export_StoreThatDoesNotExist_IsNotCreated()
    {
        var path = Path.Combine(_stores.Directory, "never-written.db");

        var result = await CliRun.RunAsync("audit", "export", "--store", path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"meshbot: no store at {path}", result.Error);
        Assert.False(File.Exists(path));
    }
}
