namespace MeshBot.Bot.Chat;

/// <summary>Who typed or pressed: the user id as the platform names it (what <c>MeshBot:Approval:Approvers</c> lists).</summary>
public sealed record ChatActor(string Platform, string UserId, string? DisplayName = null)
{
    public override string ToString() => DisplayName is null ? UserId : $"{DisplayName} ({UserId})";
}
