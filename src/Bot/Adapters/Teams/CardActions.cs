using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Bot.Adapters.Teams;

/// <summary>
/// The action id (<c>approve:INCIDENT:PROPOSAL</c>, …) a card action carries. <c>Action.Execute</c> arrives as an
/// <c>adaptiveCard/action</c> invoke whose <c>value.action</c> holds <c>type</c>, <c>verb</c> and <c>data</c>;
/// <c>Action.Submit</c> as a message whose <c>value</c> is the data itself.
/// </summary>
internal static class CardActions
{
    private const int MaxLength = 200;

    public static string? FromSubmit(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } data ? ActionOf(data) : null;

    /// <summary>The id of an Action.Execute, or null with the problem (the SDK's codes: BadRequest, NotSupported).</summary>
    public static string? FromExecute(JsonElement? value, out (string Code, string Message) problem)
    {
        problem = ("BadRequest", "Missing action property");
        if (value?.Path("action") is not { ValueKind: JsonValueKind.Object } action)
        {
            return null;
        }
        if (action.Str("type") != "Action.Execute")
        {
            problem = ("NotSupported", $"The action '{action.Str("type")}' is not supported.");
            return null;
        }
        var id = action.Path("data") is { ValueKind: JsonValueKind.Object } data ? ActionOf(data) : null;
        id ??= action.Str("verb") is { } verb && verb.Contains(':', StringComparison.Ordinal) && verb.Length <= MaxLength ? verb : null;
        if (id is null)
        {
            problem = ("BadRequest", "The card action carries no MeshBot action.");
        }
        return id;
    }

    private static string? ActionOf(JsonElement data) => data.Str("action") is { Length: > 0 and <= MaxLength } id ? id : null;
}
