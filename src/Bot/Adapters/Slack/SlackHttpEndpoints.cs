using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace MeshBot.Bot.Adapters.Slack;

/// <summary>
/// <c>POST /slack/commands</c>, <c>/slack/interactions</c>, <c>/slack/events</c>. Each passes <see cref="SlackInboundGate"/>
/// (size, signature on the raw body, replay, media type) before its content is parsed, answers within Slack's 3 s,
/// and leaves anything slow to <see cref="SlackDispatcher"/>. A signed body that does not parse is a 400, counted.
/// </summary>
internal sealed class SlackHttpEndpoints(SlackInboundGate gate, SlackDispatcher dispatcher, ILogger<SlackHttpEndpoints> logger)
{
    public const string Commands = "/slack/commands";
    public const string Interactions = "/slack/interactions";
    public const string Events = "/slack/events";

    private const string Form = "application/x-www-form-urlencoded";
    private const string Json = "application/json";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public async Task CommandsAsync(HttpContext context)
    {
        if (await gate.PassAsync(context, Commands, Form).ConfigureAwait(false) is not { } verified)
        {
            return;
        }
        if (ReadForm(verified.Body) is not { } form || SlackSlashCommand.FromForm(form) is not { } command)
        {
            await gate.MalformedAsync(context, Commands, "malformed-form").ConfigureAwait(false);
            return;
        }
        var text = await dispatcher.SlashCommandAsync(command, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, new JsonObject { ["response_type"] = "ephemeral", ["text"] = text }).ConfigureAwait(false);
    }

    public async Task InteractionsAsync(HttpContext context)
    {
        if (await gate.PassAsync(context, Interactions, Form).ConfigureAwait(false) is not { } verified)
        {
            return;
        }
        if (ReadForm(verified.Body) is not { } form || !form.TryGetValue("payload", out var field) || field.Count != 1)
        {
            await gate.MalformedAsync(context, Interactions, "malformed-form").ConfigureAwait(false);
            return;
        }
        using var payload = ParseJson(field[0]!);
        if (payload is null || SlackBlockActions.TypeOf(payload.RootElement) is not { } type)
        {
            await gate.MalformedAsync(context, Interactions, "malformed-json").ConfigureAwait(false);
            return;
        }
        if (type == "block_actions")
        {
            if (SlackBlockActions.FromJson(payload.RootElement) is not { } actions)
            {
                await gate.MalformedAsync(context, Interactions, "malformed-payload").ConfigureAwait(false);
                return;
            }
            dispatcher.BlockActions(actions);
        }
        else
        {
            logger.LogDebug("Slack interaction of type {Type} ignored", type.Length > 40 ? type[..40] : type);
        }
        context.Response.StatusCode = StatusCodes.Status200OK; // an empty 200 is the acknowledgement
    }

    public async Task EventsAsync(HttpContext context)
    {
        if (await gate.PassAsync(context, Events, Json).ConfigureAwait(false) is not { } verified)
        {
            return;
        }
        using var body = ParseJson(verified.Body);
        if (body is null || body.RootElement.Str("type") is not { } type)
        {
            await gate.MalformedAsync(context, Events, "malformed-json").ConfigureAwait(false);
            return;
        }
        switch (type)
        {
            case "url_verification":
                if (body.RootElement.Str("challenge") is not { Length: > 0 and <= 256 } challenge)
                {
                    await gate.MalformedAsync(context, Events, "malformed-payload").ConfigureAwait(false);
                    return;
                }
                await WriteJsonAsync(context, new JsonObject { ["challenge"] = challenge }).ConfigureAwait(false);
                return;
            case "event_callback":
                var retry = context.Request.Headers["X-Slack-Retry-Num"].ToString();
                if (retry.Length > 0)
                {
                    logger.LogDebug("Slack event retry {Retry} ({Reason})", retry, context.Request.Headers["X-Slack-Retry-Reason"].ToString());
                }
                dispatcher.Event(body.RootElement);
                break;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static Dictionary<string, StringValues>? ReadForm(byte[] body)
    {
        try
        {
            var text = StrictUtf8.GetString(body);
            return new FormReader(text) { ValueCountLimit = 64, KeyLengthLimit = 64, ValueLengthLimit = SlackInboundGate.MaxBodyBytes }.ReadForm();
        }
        catch (Exception e) when (e is DecoderFallbackException or InvalidDataException)
        {
            return null;
        }
    }

    private static JsonDocument? ParseJson(string text) => ParseJson(Encoding.UTF8.GetBytes(text));

    private static JsonDocument? ParseJson(byte[] utf8)
    {
        try
        {
            var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), context.RequestAborted).ConfigureAwait(false);
    }
}
