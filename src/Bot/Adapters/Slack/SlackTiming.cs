namespace MeshBot.Bot.Adapters.Slack;

/// <summary>Time budgets of the adapter (tests shorten them).</summary>
internal sealed record SlackTiming
{
    /// <summary>
    /// How long a slash command may take to produce its answer in the HTTP response (or the Socket Mode ack): Slack
    /// gives up after 3 s. A slower answer (a press waiting on an incident's lock) follows via <c>response_url</c>.
    /// </summary>
    public TimeSpan AckBudget { get; init; } = TimeSpan.FromSeconds(2.2);

    /// <summary>The first wait before reconnecting a Socket Mode connection that failed or closed; doubled per failure.</summary>
    public TimeSpan ReconnectBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an Events API <c>event_id</c> is remembered to drop Slack's retries of it.</summary>
    public TimeSpan EventMemory { get; init; } = TimeSpan.FromMinutes(30);
}
