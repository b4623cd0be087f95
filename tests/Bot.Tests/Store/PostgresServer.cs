using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MeshBot.Bot.Tests.Store;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests, on 127.0.0.1 and a free port: Debian's <c>postgresql</c> package
/// (<c>apt-get install -y postgresql</c>) provides <c>initdb</c> and <c>pg_ctl</c> under /usr/lib/postgresql/VERSION/bin.
/// As root the cluster belongs to the <c>postgres</c> user (<c>runuser</c>), as anyone else to that user. Each test
/// gets a database of its own (<see cref="CreateDatabaseAsync"/>). <c>MESHBOT_TEST_POSTGRES</c> may instead name an
/// existing server (a connection string whose user may create databases). Without PostgreSQL the tests are skipped —
/// except under CI=true, where they fail.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ExternalVariable = "MESHBOT_TEST_POSTGRES";

    private string? _directory;
    private string? _binaries;
    private string? _admin;
    private Exception? _failure;

    /// <summary>Why the tests cannot run here, or null when they can.</summary>
    public static string? Unavailable =>
        Environment.GetEnvironmentVariable(ExternalVariable) is { Length: > 0 } || Binaries() is not null
            ? null
            : "PostgreSQL is not installed (apt-get install -y postgresql), and MESHBOT_TEST_POSTGRES is not set";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        try
        {
            _admin = Environment.GetEnvironmentVariable(ExternalVariable) is { Length: > 0 } external ? external : await StartClusterAsync();
        }
        catch (Exception e)
        {
            _failure = e; // reported by every test that asks for a database (a skipped test never does)
        }
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (_admin is null)
        {
            throw new InvalidOperationException($"no PostgreSQL for the tests: {_failure?.Message ?? Unavailable}", _failure);
        }
        var name = $"meshbot_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_admin) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null)
        {
            return;
        }
        await RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], allowFailure: true);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> StartClusterAsync()
    {
        _binaries = Binaries() ?? throw new InvalidOperationException(Unavailable);
        _directory = Path.Combine(Path.GetTempPath(), $"meshbot-pg-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(_directory);
        if (IsRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", ["postgres:postgres", _directory]);
        }
        var data = Path.Combine(_directory, "data");
        await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var port = FreePort();
        var options = $"-k {_directory} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", data, "-l", Path.Combine(_directory, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=15";
    }

    private static string? Binaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return candidates.Concat(path).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(IsRoot && file != "chown" ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (IsRoot && file != "chown")
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        }
    }
}

/// <summary>The tests that share one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

/// <summary>A test that needs PostgreSQL: skipped where it is missing, but never under CI=true, where the test fails instead.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } reason && !PostgresServer.IsCi)
        {
            Skip = reason;
        }
    }
}
