using System.Globalization;

namespace MeshBot.StateMachine.Engine;

/// <summary>Turns states and triggers into text the same way everywhere (messages, info, graphs).</summary>
internal static class Display
{
    public static string Of<T>(T value) => value switch
    {
        null => "null",
        // Invariant so committed diagrams and logged messages do not depend on the host's culture.
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static string Quoted(IEnumerable<string> items) => string.Join(", ", items.Select(i => $"'{i}'"));
}
