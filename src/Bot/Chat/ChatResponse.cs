namespace MeshBot.Bot.Chat;

/// <summary>What the person who typed or pressed sees at once (Slack: the ephemeral reply; Teams: the reply or card refresh).</summary>
public sealed record ChatResponse(string Text, bool Refused = false);
