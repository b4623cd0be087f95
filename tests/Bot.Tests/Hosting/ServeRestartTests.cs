using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MeshBot.Bot.Incidents;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Tests.Adapters.Slack;
using MeshBot.KubernetesEmulator;
using MeshBot.Remediation.Approval;
using MeshBot.Testing;
using Emulator = MeshBot.KubernetesEmulator.KubernetesEmulator;

namespace MeshBot.Bot.Tests.Hosting;

/// <summary>
/// <c>meshbot serve</c> as a real process (the <c>meshbot.dll</c> built beside the tests) over a SQLite file, the
/// Kubernetes API emulator over TLS and the fake Slack, stopped as a crash stops it (SIGKILL) or as the kubelet does
/// (SIGTERM) while an approved fix is still queued behind another incident's slow work. One job at a time
/// (<c>MeshBot:Work:MaxParallel=1</c>) and a Slack that holds channel B's posts make "queued, not yet run" certain.
/// </summary>
public sealed class ServeRestartTests : IAsyncLifetime
{
    private const string Token = "meshbot";
    private const string ChannelA = "CAAAAAAA1";
    private const string ChannelB = "CBBBBBBB2";
    private const string PolicyName = "api-allow-plaintext-8080";
    private const string Command = "diagnose payments/api from monitoring/prometheus port 80";

    private readonly string _work = Directory.CreateTempSubdirectory("meshbot-restart-").FullName;
    private FixtureSnapshot _fixture = null!;
    private Emulator _emulator = null!;
    private FakeSlack _slack = null!;

    private string Database => Path.Combine(_work, "meshbot.db");

    public async Task InitializeAsync()
    {
        _fixture = FixtureSnapshot.Materialize("platform-to-strict");
        _emulator = await Emulator.StartAsync(new EmulatorOptions
        {
            SnapshotPath = _fixture.Path,
            Tokens = new Dictionary<string, EmulatorUser> { [Token] = new("system:serviceaccount:meshbot:meshbot") },
        });
        _slack = await FakeSlack.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _emulator.DisposeAsync();
        _fixture.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Sigkill_WithAnApprovalQueued_TheNextStartExecutesItOnceAndSaysSoInTheThread()
    {
        var hold = _slack.Hold(c => c.Method == "chat.postMessage" && c.Str("channel") == ChannelB);
        string incidentId;
        string proposalId;
        await using (var serve = await StartAsync())
        {
            (incidentId, proposalId) = await ApproveBehindSlowWorkAsync(serve, hold);
            await serve.KillAsync();
        }

        var store = new SqliteIncidentStore($"Data Source={Database};Pooling=False");
        Assert.Equal(IncidentState.AwaitingApproval, (await store.GetAsync(incidentId))!.State);
        Assert.Equal(ProposalStatus.Approved, (await store.ProposalsAsync(incidentId)).Single().Status);
        Assert.Null(_emulator.Get("peerauthentications", "payments", PolicyName));

        hold.Release();
        await using (var serve = await StartAsync())
        {
            await WaitForAsync(async () => (await store.GetAsync(incidentId))!.State == IncidentState.Resolved, $"the approved fix of {incidentId} executed and verified after the restart", serve);
            await _slack.WaitForAsync(c => c.Any(x => x.Str("channel") == ChannelA && x.AllText.Contains("MeshBot restarted: approved before the restart and not yet run", StringComparison.Ordinal)), "the thread saying what the restart found", seconds: 30);
            await _slack.WaitForAsync(c => c.Any(x => x.Method == "chat.postMessage" && x.Str("channel") == ChannelB && x.Str("thread_ts") is null), "channel B's thread, recovered from its Received incident", seconds: 30);
        }

        Assert.NotNull(_emulator.Get("peerauthentications", "payments", PolicyName));
        Assert.Equal(1, _emulator.RequestLog.Count(r => r.Method == "POST" && r.Resource == "peerauthentications" && !r.Query.Contains("dryRun", StringComparison.Ordinal) && r.Status == 201));
        Assert.Equal(ProposalStatus.Executed, (await store.ProposalsAsync(incidentId)).Single(p => p.Id == proposalId).Status);
        Assert.Contains(await store.AuditAsync(incidentId).ToListAsync(), e => e.Kind == AuditKinds.Recovery);
    }

    [Fact]
    public async Task Sigterm_WithAnApprovalQueued_FinishesTheQueuedWorkBeforeExiting()
    {
        var hold = _slack.Hold(c => c.Method == "chat.postMessage" && c.Str("channel") == ChannelB);
        await using var serve = await StartAsync();
        var (incidentId, _) = await ApproveBehindSlowWorkAsync(serve, hold);

        await serve.TerminateAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var exitedWhileHeld = serve.HasExited;
        hold.Release();
        var exited = await serve.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.False(exitedWhileHeld, $"meshbot serve exited with work queued:\n{serve.Output}");
        Assert.True(exited, serve.Output);
        Assert.True(serve.ExitCode == 0, $"exit {serve.ExitCode}:\n{serve.Output}");
        Assert.NotNull(_emulator.Get("peerauthentications", "payments", PolicyName));
        var store = new SqliteIncidentStore($"Data Source={Database};Pooling=False");
        Assert.Equal(IncidentState.Resolved, (await store.GetAsync(incidentId))!.State);
        Assert.Contains("queued work finished", serve.Output);
    }

    [Fact]
    public async Task Sigterm_WhenTheShutdownTimeoutRunsOut_NamesWhatDidNotFinish_AndTheNextStartRecoversIt()
    {
        var hold = _slack.Hold(c => c.Method == "chat.postMessage" && c.Str("channel") == ChannelB);
        string incidentId;
        await using (var serve = await StartAsync(shutdownTimeout: "00:00:02"))
        {
            (incidentId, _) = await ApproveBehindSlowWorkAsync(serve, hold);
            await serve.TerminateAsync();
            Assert.True(await serve.WaitForExitAsync(TimeSpan.FromSeconds(20)), serve.Output);
            Assert.Contains("2 job(s) did not finish", serve.Output);
            Assert.Contains($"advance {incidentId} (not started)", serve.Output);
        }
        Assert.Null(_emulator.Get("peerauthentications", "payments", PolicyName));

        hold.Release();
        var store = new SqliteIncidentStore($"Data Source={Database};Pooling=False");
        await using (var serve = await StartAsync())
        {
            await WaitForAsync(async () => (await store.GetAsync(incidentId))!.State == IncidentState.Resolved, "the approved fix executed after the restart", serve);
        }
        Assert.NotNull(_emulator.Get("peerauthentications", "payments", PolicyName));
    }

    /// <summary>
    /// Channel A's incident reaches AwaitingApproval; channel B's diagnosis then takes the only work slot and hangs on
    /// Slack; UALICE approves A's proposal, whose execution is queued behind B. Returns A's incident and proposal.
    /// </summary>
    private async Task<(string Incident, string Proposal)> ApproveBehindSlowWorkAsync(ServeProcess serve, FakeHold hold)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.Port}") };
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync(http, ChannelA)).StatusCode);
        var calls = await _slack.WaitForAsync(c => c.Any(x => x.Str("channel") == ChannelA && x.ActionIds.Any(a => a.StartsWith("approve:", StringComparison.Ordinal))), "channel A's Approve button", seconds: 60);
        var approve = calls.SelectMany(c => c.ActionIds).First(a => a.StartsWith("approve:", StringComparison.Ordinal));
        var parts = approve.Split(':');

        Assert.Equal(HttpStatusCode.OK, (await CommandAsync(http, ChannelB)).StatusCode);
        await WaitForAsync(() => Task.FromResult(hold.Held > 0), "channel B's diagnosis holding the work slot", serve);
        using var press = await PostSignedAsync(http, "/slack/interactions", SlackSigning.Form(("payload", SlackTestHost.BlockActions(approve, "UALICE", _slack.ResponseUrl("press").ToString(), ChannelA))));
        Assert.Equal(HttpStatusCode.OK, press.StatusCode);
        var store = new SqliteIncidentStore($"Data Source={Database};Pooling=False");
        await WaitForAsync(async () => (await store.ProposalsAsync(parts[1])).Single().Status == ProposalStatus.Approved, "the approval recorded", serve);
        return (parts[1], parts[2]);
    }

    private async Task<ServeProcess> StartAsync(string shutdownTimeout = "00:00:30")
    {
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_work, "kubeconfig"), EmulatorCredential.Token(Token));
        var serve = ServeProcess.Start(Path.Combine(AppContext.BaseDirectory, "meshbot.dll"), ["serve", "--urls", "http://0.0.0.0:8080"], new Dictionary<string, string>
        {
            ["MeshBot__Kubernetes__Kubeconfig"] = kubeconfig,
            ["MeshBot__Store__ConnectionString"] = $"Data Source={Database}",
            ["MeshBot__Slack__SigningSecret"] = SlackTestHost.SigningSecret,
            ["MeshBot__Slack__BotToken"] = FakeSlack.BotToken,
            ["MeshBot__Slack__ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["MeshBot__Slack__TriageChannel"] = ChannelA,
            ["MeshBot__Approval__Approvers__0"] = "UALICE",
            ["MeshBot__Work__MaxParallel"] = "1",
            ["MeshBot__Work__ShutdownTimeout"] = shutdownTimeout,
        });
        var health = await serve.WaitForAsync("/healthz", TimeSpan.FromSeconds(60));
        Assert.True(health.Status == HttpStatusCode.OK, serve.Output);
        return serve;
    }

    private Task<HttpResponseMessage> CommandAsync(HttpClient http, string channel) =>
        PostSignedAsync(http, "/slack/commands", SlackSigning.Form(
            ("token", "xyzz0WbapA4vBCDEFasx0q6G"), ("team_id", "T111"), ("team_domain", "test"), ("channel_id", channel), ("channel_name", "triage"),
            ("user_id", "UCAROL"), ("user_name", "carol"), ("command", "/meshbot"), ("text", Command),
            ("response_url", _slack.ResponseUrl("command").ToString()), ("trigger_id", "1.2.x")));

    private static Task<HttpResponseMessage> PostSignedAsync(HttpClient http, string path, string form)
    {
        var bytes = Encoding.UTF8.GetBytes(form);
        var timestamp = SlackSigning.Timestamp(DateTimeOffset.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSigning.Sign(SlackTestHost.SigningSecret, timestamp, bytes));
        return http.SendAsync(request);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, ServeProcess serve, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || serve.HasExited)
            {
                throw new TimeoutException($"never saw {what}{(serve.HasExited ? $" (meshbot serve exited {serve.ExitCode})" : "")}:\n{serve.Output}");
            }
            await Task.Delay(50);
        }
    }
}
