namespace MeshBot.Bot.Chat;

/// <summary><c>MeshBot:Work</c>: how much background work runs at once.</summary>
public sealed class BackgroundWorkOptions
{
    /// <summary>Jobs of different incidents that run at the same time (<c>MeshBot:Work:MaxParallel</c>, 8 by default, 1 to 256).</summary>
    public int MaxParallel { get; init; } = 8;
}
