using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// Socket Mode (when <c>MeshBot:Slack:AppToken</c> is set): <c>apps.connections.open</c> with the app-level token gives
/// a WebSocket URL; Slack sends <c>hello</c>, then envelopes (<c>slash_commands</c>, <c>interactive</c>,
/// <c>events_api</c>) that are acknowledged by <c>envelope_id</c> — a slash command's ack carries its ephemeral answer —
/// and handled by the same <see cref="SlackDispatcher"/> as the HTTP endpoints (no signatures here: the connection is
/// authenticated). A <c>disconnect</c> (Slack refreshes connections regularly) reconnects at once with a new URL; a
/// failure or an unexpected close reconnects after a backoff that doubles up to a cap.
/// </summary>
internal sealed class SlackSocketMode(SlackApiClient api, SlackDispatcher dispatcher, SlackTiming timing, TimeProvider time, ILogger<SlackSocketMode> logger) : BackgroundService
{
    public const int MaxMessageBytes = 1024 * 1024;

    private enum End
    {
        Closed,
        Disconnect,
    }

    private int _connections;

    private ILogger Log => logger;

    private SlackDispatcher Dispatcher => dispatcher;

    /// <summary>How many connections were opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var end = End.Closed;
            var hello = false;
            try
            {
                var url = await api.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                using var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(10);
                socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(30);
                await socket.ConnectAsync(url, stoppingToken).ConfigureAwait(false);
                Interlocked.Increment(ref _connections);
                logger.LogInformation("Slack Socket Mode connected to {Host}", url.Host);
                var connection = new Connection(socket, this);
                end = await connection.RunAsync(stoppingToken).ConfigureAwait(false);
                hello = connection.Hello;
                await CloseAsync(socket).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SlackApiException or WebSocketException or HttpRequestException or IOException)
            {
                logger.LogWarning("Slack Socket Mode connection failed: {Message}", e.Message);
            }

            if (end == End.Disconnect)
            {
                failures = 0;
                logger.LogInformation("Slack asked to reconnect; opening a new Socket Mode connection");
                continue;
            }
            failures = hello ? 1 : failures + 1;
            var delay = Backoff(failures);
            logger.LogInformation("Slack Socket Mode reconnecting in {Seconds:0.##}s", delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = timing.ReconnectBackoff * Math.Pow(2, Math.Min(failures - 1, 16));
        return delay < timing.MaxReconnectBackoff ? delay : timing.MaxReconnectBackoff;
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                socket.Abort();
            }
        }
    }

    /// <summary>One WebSocket: its receive loop and its acknowledgements (one send at a time).</summary>
    private sealed class Connection(ClientWebSocket socket, SlackSocketMode owner)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public bool Hello { get; private set; }

        public async Task<End> RunAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return End.Closed;
                }
                message.Write(buffer, 0, received.Count);
                if (message.Length > MaxMessageBytes)
                {
                    owner.Log.LogWarning("Slack Socket Mode message over {Max} bytes; closing", MaxMessageBytes);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "too big", cancellationToken).ConfigureAwait(false);
                    return End.Closed;
                }
                if (!received.EndOfMessage)
                {
                    continue;
                }
                var text = received.MessageType == WebSocketMessageType.Text ? message.ToArray() : null;
                message.SetLength(0);
                if (text is not null && await HandleAsync(text, cancellationToken).ConfigureAwait(false) == End.Disconnect)
                {
                    return End.Disconnect;
                }
            }
            return End.Closed;
        }

        private async Task<End?> HandleAsync(byte[] text, CancellationToken cancellationToken)
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                owner.Log.LogWarning("Slack Socket Mode sent a message that is not JSON; ignored");
                return null;
            }
            var type = root.Str("type");
            switch (type)
            {
                case "hello":
                    Hello = true;
                    return null;
                case "disconnect":
                    owner.Log.LogInformation("Slack Socket Mode disconnect: {Reason}", root.Str("reason") ?? "no reason");
                    return End.Disconnect;
            }
            if (root.Str("envelope_id") is not { Length: > 0 and <= 128 } envelopeId)
            {
                owner.Log.LogDebug("Slack Socket Mode message of type {Type} without envelope_id ignored", type);
                return null;
            }
            var payload = root.TryGetProperty("payload", out var p) ? p : default;
            switch (type)
            {
                case "slash_commands":
                    var accepts = root.TryGetProperty("accepts_response_payload", out var a) && a.ValueKind == JsonValueKind.True;
                    _ = Task.Run(() => AnswerCommandAsync(envelopeId, SlackSlashCommand.FromJson(payload), accepts, cancellationToken), CancellationToken.None);
                    return null;
                case "interactive":
                    await AckAsync(envelopeId, null, cancellationToken).ConfigureAwait(false);
                    if (SlackBlockActions.TypeOf(payload) == "block_actions" && SlackBlockActions.FromJson(payload) is { } actions)
                    {
                        owner.Dispatcher.BlockActions(actions);
                    }
                    return null;
                case "events_api":
                    await AckAsync(envelopeId, null, cancellationToken).ConfigureAwait(false);
                    owner.Dispatcher.Event(payload);
                    return null;
                default:
                    await AckAsync(envelopeId, null, cancellationToken).ConfigureAwait(false);
                    return null;
            }
        }

        private async Task AnswerCommandAsync(string envelopeId, SlackSlashCommand? command, bool acceptsPayload, CancellationToken cancellationToken)
        {
            try
            {
                if (command is null)
                {
                    owner.Log.LogWarning("Slack Socket Mode slash command without a user or channel; acknowledged and ignored");
                    await AckAsync(envelopeId, null, cancellationToken).ConfigureAwait(false);
                    return;
                }
                var text = await owner.Dispatcher.SlashCommandAsync(command, cancellationToken).ConfigureAwait(false);
                await AckAsync(envelopeId, acceptsPayload ? new JsonObject { ["response_type"] = "ephemeral", ["text"] = text } : null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                owner.Log.LogWarning("Slack Socket Mode could not acknowledge {Envelope}: {Message}", envelopeId, e.Message);
            }
        }

        private async Task AckAsync(string envelopeId, JsonObject? payload, CancellationToken cancellationToken)
        {
            var ack = new JsonObject { ["envelope_id"] = envelopeId };
            if (payload is not null)
            {
                ack["payload"] = payload;
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(ack);
            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
