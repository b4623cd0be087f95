using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>One request the fake Slack received: the Web API method (or <c>response_url:ID</c>), its headers and body.</summary>
internal sealed record SlackCall(string Method, string? Authorization, string? ContentType, JsonElement Body, IReadOnlyDictionary<string, string> Form, TimeSpan At)
{
    /// <summary>What the fake answered (Web API methods).</summary>
    public JsonElement Response { get; init; }

    /// <summary>The <c>ts</c> the fake gave a posted message.</summary>
    public string? Ts => Response.ValueKind == JsonValueKind.Object && Response.TryGetProperty("ts", out var ts) ? ts.GetString() : null;

    public string? Str(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public IEnumerable<JsonElement> Blocks => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("blocks", out var b) ? b.EnumerateArray() : [];

    /// <summary>The action_ids of every button in the message.</summary>
    public IEnumerable<string> ActionIds => Blocks
        .Where(b => b.GetProperty("type").GetString() == "actions")
        .SelectMany(b => b.GetProperty("elements").EnumerateArray())
        .Select(e => e.GetProperty("action_id").GetString()!);

    /// <summary>Every text in the message (fallback and blocks), for assertions.</summary>
    public string AllText => (Str("text") ?? "") + "\n" + string.Join('\n', Blocks.Select(b => b.ToString()));
}

/// <summary>A scripted answer for the next call of a method: an HTTP status (429 with Retry-After), or <c>ok:false</c> with an error.</summary>
internal sealed record FakeReply(int Status = 200, string? Error = null, int? RetryAfterSeconds = null)
{
    public static FakeReply Fail(string error) => new(200, error);

    public static FakeReply RateLimited(int retryAfter) => new(429, "ratelimited", retryAfter);
}

/// <summary>
/// A fake Slack on 127.0.0.1, speaking the documented shapes: <c>POST /api/chat.postMessage</c>, <c>chat.update</c>,
/// <c>chat.postEphemeral</c>, <c>auth.test</c> (bot token), <c>apps.connections.open</c> (app token) returning a
/// WebSocket URL at <c>/socket</c>, and <c>/hooks/ID</c> standing for response_urls. It checks the bearer token, takes
/// arguments as JSON or as a form (warning <c>missing_charset</c> for JSON without one), rejects blocks over Slack's
/// limits (<c>invalid_blocks</c>) like Slack would, keeps the latest content of every message, records every call, and
/// answers scripted 429s and <c>ok:false</c> errors. Slack's own WebClient accepts all of it (SlackWebApiOracleTests).
/// </summary>
internal sealed class FakeSlack : IAsyncDisposable
{
    public const string BotToken = "xoxb-111-222-faketokenvalue";
    public const string AppToken = "xapp-1-A111-333-fakeapptoken";
    public const string BotUserId = "UBOT";

    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<SlackCall> _calls = [];
    private readonly Dictionary<(string Channel, string Ts), JsonElement> _messages = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeReply>> _script = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeHold> _holds = new();
    private readonly Channel<FakeSocket> _sockets = Channel.CreateUnbounded<FakeSocket>();
    private long _ts = 1_700_000_000_000_100;
    private int _socketCount;

    private FakeSlack(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    public IReadOnlyList<SlackCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<SlackCall> CallsOf(string method) => [.. Calls.Where(c => c.Method == method)];

    public Uri ResponseUrl(string id) => new(BaseUrl, $"hooks/{id}");

    /// <summary>The latest content (postMessage body, then the last chat.update) of a message.</summary>
    public JsonElement? Message(string channel, string ts)
    {
        lock (_gate)
        {
            return _messages.TryGetValue((channel, ts), out var m) ? m : null;
        }
    }

    /// <summary>A message a person posted (so the app may reply in its thread).</summary>
    public string UserMessage(string channel, string ts)
    {
        lock (_gate)
        {
            _messages[(channel, ts)] = JsonDocument.Parse("""{"type":"message","user":"UALICE","text":"hello"}""").RootElement.Clone();
        }
        return ts;
    }

    public void Script(string method, params FakeReply[] replies)
    {
        var queue = _script.GetOrAdd(method, _ => new ConcurrentQueue<FakeReply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    /// <summary>Leaves every call matching <paramref name="when"/> unanswered until the hold is released: a slow Slack.</summary>
    public FakeHold Hold(Func<SlackCall, bool> when)
    {
        var hold = new FakeHold(when);
        _holds.Enqueue(hold);
        return hold;
    }

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeSlack(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", fake.ApiAsync);
        app.MapPost("/hooks/{id}", fake.HookAsync);
        app.Map("/socket", fake.SocketAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Polls the recorded calls until <paramref name="condition"/> holds.</summary>
    public async Task<IReadOnlyList<SlackCall>> WaitForAsync(Func<IReadOnlyList<SlackCall>, bool> condition, string what, int seconds = 15)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var calls = Calls;
            if (condition(calls))
            {
                return calls;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"fake Slack never saw {what}; calls: {string.Join(", ", Calls.Select(c => c.Method + (c.Response.ValueKind == JsonValueKind.Object && !c.Response.GetProperty("ok").GetBoolean() ? $" ({c.Response.GetProperty("error")}: {(c.Body.ValueKind == JsonValueKind.Object && c.Body.TryGetProperty("blocks", out var b) ? BlockKitLimits.Violation(b) : "")})" : "")))}");
    }

    public async Task<FakeSocket> NextSocketAsync(int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await _sockets.Reader.ReadAsync(timeout.Token);
    }

    private async Task ApiAsync(HttpContext context, string method)
    {
        var (body, form) = await ReadAsync(context.Request);
        // Slack takes arguments as a form (what Slack's own WebClient sends) or as JSON; JSON without a charset gets a warning.
        if (context.Request.HasFormContentType)
        {
            body = FromForm(form);
        }
        var auth = context.Request.Headers.Authorization.ToString();
        var call = new SlackCall(method, auth, context.Request.ContentType, body, form, _clock.Elapsed);
        foreach (var hold in _holds.Where(h => h.Holds(call)))
        {
            try
            {
                await hold.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the caller gave up (or died) while held
            }
        }
        var reply = Answer(context, method, body, auth);
        Record(call with { Response = JsonDocument.Parse(reply.ToJsonString()).RootElement.Clone() });
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(reply.ToJsonString());
    }

    private JsonObject Answer(HttpContext context, string method, JsonElement body, string auth)
    {
        if (_script.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfterSeconds is { } after)
            {
                context.Response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
            }
            context.Response.StatusCode = scripted.Status;
            return Error(scripted.Error ?? "fatal_error");
        }
        var token = method == "apps.connections.open" ? AppToken : BotToken;
        if (auth.Length == 0)
        {
            return Error("not_authed");
        }
        if (auth != "Bearer " + token)
        {
            return Error("invalid_auth");
        }
        var reply = method switch
        {
            "chat.postMessage" => PostMessage(body),
            "chat.update" => Update(body),
            "chat.postEphemeral" => PostEphemeral(body),
            "auth.test" => new JsonObject { ["ok"] = true, ["url"] = "https://meshbot-test.slack.com/", ["team"] = "Test", ["user"] = "meshbot", ["team_id"] = "T111", ["user_id"] = BotUserId, ["bot_id"] = "BBOT" },
            "apps.connections.open" => new JsonObject { ["ok"] = true, ["url"] = $"ws://{BaseUrl.Authority}/socket?ticket={Interlocked.Increment(ref _socketCount)}" },
            _ => Error("unknown_method"),
        };
        if (context.Request.ContentType is { } type && type.StartsWith("application/json", StringComparison.Ordinal) && !type.Contains("charset", StringComparison.OrdinalIgnoreCase))
        {
            reply["warning"] = "missing_charset";
            reply["response_metadata"] = new JsonObject { ["warnings"] = new JsonArray("missing_charset") };
        }
        return reply;
    }

    /// <summary>Form arguments as the JSON body they stand for: <c>blocks</c> and <c>attachments</c> are JSON text in a form.</summary>
    private static JsonElement FromForm(IReadOnlyDictionary<string, string> form)
    {
        var body = new JsonObject();
        foreach (var (key, value) in form)
        {
            body[key] = key is "blocks" or "attachments" && value.TrimStart().StartsWith('[') ? JsonNode.Parse(value) : value;
        }
        return JsonSerializer.SerializeToElement(body);
    }

    private JsonObject PostMessage(JsonElement body)
    {
        if (Check(body) is { } error)
        {
            return Error(error);
        }
        var channel = body.GetProperty("channel").GetString()!;
        if (body.TryGetProperty("thread_ts", out var thread) && Message(channel, thread.GetString()!) is null)
        {
            return Error("thread_not_found");
        }
        var ts = NextTs();
        lock (_gate)
        {
            _messages[(channel, ts)] = body;
        }
        return new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["message"] = new JsonObject { ["type"] = "message", ["bot_id"] = "BBOT", ["ts"] = ts } };
    }

    private JsonObject Update(JsonElement body)
    {
        if (Check(body) is { } error)
        {
            return Error(error);
        }
        var channel = body.GetProperty("channel").GetString()!;
        var ts = body.TryGetProperty("ts", out var t) ? t.GetString() : null;
        lock (_gate)
        {
            if (ts is null || !_messages.ContainsKey((channel, ts)))
            {
                return Error("message_not_found");
            }
            _messages[(channel, ts)] = body;
        }
        return new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["text"] = body.GetProperty("text").GetString() };
    }

    private JsonObject PostEphemeral(JsonElement body)
    {
        if (Check(body) is { } error)
        {
            return Error(error);
        }
        return body.TryGetProperty("user", out _) ? new JsonObject { ["ok"] = true, ["message_ts"] = NextTs() } : Error("user_not_in_channel");
    }

    /// <summary>What Slack checks on a message: a channel that exists, some text, blocks within the limits.</summary>
    private static string? Check(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("channel", out var channel) || channel.GetString() is not { Length: > 0 } id)
        {
            return "channel_not_found";
        }
        if (id.StartsWith("CNOTFOUND", StringComparison.Ordinal))
        {
            return "channel_not_found";
        }
        var hasText = body.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 };
        var hasBlocks = body.TryGetProperty("blocks", out var blocks);
        if (!hasText && !hasBlocks)
        {
            return "no_text";
        }
        if (hasText && text.GetString()!.Length > 40000)
        {
            return "msg_too_long";
        }
        return hasBlocks && BlockKitLimits.Violation(blocks) is not null ? "invalid_blocks" : null;
    }

    private async Task HookAsync(HttpContext context, string id)
    {
        var (body, form) = await ReadAsync(context.Request);
        Record(new SlackCall("response_url:" + id, context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body, form, _clock.Elapsed));
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("ok");
    }

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var fake = new FakeSocket(socket, context.Request.Query["ticket"].ToString());
        _sockets.Writer.TryWrite(fake);
        await fake.RunAsync();
    }

    private void Record(SlackCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

    private string NextTs()
    {
        var n = Interlocked.Increment(ref _ts);
        return $"{n / 1_000_000}.{n % 1_000_000:D6}";
    }

    private static async Task<(JsonElement Body, IReadOnlyDictionary<string, string> Form)> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return (default, form.ToDictionary(f => f.Key, f => f.Value.ToString()));
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        try
        {
            return (text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), new Dictionary<string, string>());
        }
        catch (JsonException)
        {
            return (default, new Dictionary<string, string>());
        }
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The server end of one Socket Mode connection: send envelopes, read the app's acknowledgements, close.</summary>
internal sealed class FakeSocket(WebSocket socket, string ticket)
{
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly SemaphoreSlim _send = new(1, 1);

    public string Ticket => ticket;

    public Task SendAsync(string json) => SendAsync(Encoding.UTF8.GetBytes(json));

    public Task SendAsync(JsonNode node) => SendAsync(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public async Task<JsonElement> ReceiveAsync(int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Closes the connection from Slack's side (an unexpected close, not a <c>disconnect</c> message).</summary>
    public async Task CloseAsync()
    {
        await _send.WaitAsync();
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    public async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private async Task SendAsync(byte[] bytes)
    {
        await _send.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }
}

/// <summary>Calls kept waiting by <see cref="FakeSlack.Hold"/>; <see cref="Held"/> counts those that reached it.</summary>
internal sealed class FakeHold(Func<SlackCall, bool> when)
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    public int Held => Volatile.Read(ref _held);

    public void Release() => _released.TrySetResult();

    internal bool Holds(SlackCall call) => !_released.Task.IsCompleted && when(call);

    internal Task WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _held);
        return _released.Task.WaitAsync(cancellationToken);
    }
}
