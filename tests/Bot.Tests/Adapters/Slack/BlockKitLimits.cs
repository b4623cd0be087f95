using System.Text.Json;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary>
/// Slack's published Block Kit limits, checked the way Slack would reject a message (<c>invalid_blocks</c>,
/// <c>msg_too_long</c>): used by the fake Web API and by the renderer tests.
/// </summary>
internal static class BlockKitLimits
{
    /// <summary>The first violated limit, or null when Slack would accept the blocks.</summary>
    public static string? Violation(JsonElement blocks)
    {
        if (blocks.ValueKind != JsonValueKind.Array)
        {
            return "blocks is not an array";
        }
        if (blocks.GetArrayLength() > 50)
        {
            return $"{blocks.GetArrayLength()} blocks (max 50)";
        }
        foreach (var block in blocks.EnumerateArray())
        {
            var type = block.GetProperty("type").GetString();
            var problem = type switch
            {
                "header" => Text(block.GetProperty("text"), 150, "plain_text"),
                "section" => Section(block),
                "context" => Context(block),
                "actions" => Actions(block),
                _ => $"unexpected block type {type}",
            };
            if (problem is not null)
            {
                return $"{type}: {problem}";
            }
        }
        return null;
    }

    private static string? Section(JsonElement block)
    {
        var hasText = block.TryGetProperty("text", out var text);
        var hasFields = block.TryGetProperty("fields", out var fields);
        if (!hasText && !hasFields)
        {
            return "neither text nor fields";
        }
        if (hasText && Text(text, 3000) is { } t)
        {
            return t;
        }
        if (hasFields)
        {
            if (fields.GetArrayLength() is 0 or > 10)
            {
                return $"{fields.GetArrayLength()} fields (1-10)";
            }
            return fields.EnumerateArray().Select(f => Text(f, 2000)).FirstOrDefault(p => p is not null);
        }
        return null;
    }

    private static string? Context(JsonElement block)
    {
        var elements = block.GetProperty("elements");
        return elements.GetArrayLength() is 0 or > 10 ? $"{elements.GetArrayLength()} elements (1-10)" : elements.EnumerateArray().Select(e => Text(e, 3000)).FirstOrDefault(p => p is not null);
    }

    private static string? Actions(JsonElement block)
    {
        var elements = block.GetProperty("elements");
        if (elements.GetArrayLength() is 0 or > 25)
        {
            return $"{elements.GetArrayLength()} elements (1-25)";
        }
        foreach (var button in elements.EnumerateArray())
        {
            if (button.GetProperty("type").GetString() != "button")
            {
                return "not a button";
            }
            if (Text(button.GetProperty("text"), 75, "plain_text") is { } t)
            {
                return t;
            }
            if (button.GetProperty("action_id").GetString()!.Length is 0 or > 255)
            {
                return "action_id length";
            }
            if (button.TryGetProperty("value", out var value) && value.GetString()!.Length > 2000)
            {
                return "value over 2000";
            }
            if (button.TryGetProperty("style", out var style) && style.GetString() is not ("primary" or "danger"))
            {
                return "bad style";
            }
        }
        return null;
    }

    private static string? Text(JsonElement text, int max, string? requiredType = null)
    {
        var type = text.GetProperty("type").GetString();
        if (type is not ("plain_text" or "mrkdwn") || (requiredType is not null && type != requiredType))
        {
            return $"text type {type}";
        }
        var value = text.GetProperty("text").GetString()!;
        return value.Length is 0 || value.Length > max ? $"text length {value.Length} (1-{max})" : null;
    }
}
