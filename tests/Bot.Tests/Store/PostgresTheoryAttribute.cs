namespace MeshBot.Bot.Tests.Store;

/// <summary>A theory that needs PostgreSQL: skipped where it is missing, but never under CI=true, where it fails instead.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresServer.Unavailable is { } reason && !PostgresServer.IsCi)
        {
            Skip = reason;
        }
    }
}
