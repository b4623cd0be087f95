using MeshBot.Bot.Chat;
using MeshBot.Bot.Cli;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Hosting;

/// <summary>Binds and validates <c>MeshBot:Approval</c>, <c>MeshBot:Store</c> and <c>MeshBot:Work</c>; a malformed value stops start-up with the key named.</summary>
public static class BotSettings
{
    public static ApprovalOptions Approval(IConfiguration configuration)
    {
        var section = configuration.GetSection("MeshBot:Approval");
        var defaults = new ApprovalOptions();
        var approvers = section.GetSection("Approvers").GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToArray();
        var risk = defaults.TwoPersonRisk;
        if (section["TwoPersonRisk"] is { Length: > 0 } riskText && !Enum.TryParse(riskText, ignoreCase: true, out risk))
        {
            throw new CliException($"configuration MeshBot:Approval:TwoPersonRisk: '{riskText}' is not low, medium or high");
        }
        var expiry = defaults.Expiry;
        if (section["Expiry"] is { Length: > 0 } expiryText && (!TimeSpan.TryParse(expiryText, System.Globalization.CultureInfo.InvariantCulture, out expiry) || expiry <= TimeSpan.Zero))
        {
            throw new CliException($"configuration MeshBot:Approval:Expiry: '{expiryText}' is not a positive duration like 00:30:00");
        }
        return new ApprovalOptions { Approvers = approvers, TwoPersonRisk = risk, Expiry = expiry };
    }

    public static BackgroundWorkOptions Work(IConfiguration configuration)
    {
        var text = configuration["MeshBot:Work:MaxParallel"];
        if (text is not { Length: > 0 })
        {
            return new BackgroundWorkOptions();
        }
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parallel) || parallel is < 1 or > 256)
        {
            throw new CliException($"configuration MeshBot:Work:MaxParallel: '{text}' is not a whole number from 1 to 256");
        }
        return new BackgroundWorkOptions { MaxParallel = parallel };
    }

    /// <summary><c>MeshBot:Work:ShutdownTimeout</c> (30 s by default): how long SIGTERM waits for queued work to finish.</summary>
    public static TimeSpan ShutdownTimeout(IConfiguration configuration)
    {
        var text = configuration["MeshBot:Work:ShutdownTimeout"];
        if (text is not { Length: > 0 })
        {
            return TimeSpan.FromSeconds(30);
        }
        if (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var timeout) || timeout < TimeSpan.Zero || timeout > TimeSpan.FromHours(1))
        {
            throw new CliException($"configuration MeshBot:Work:ShutdownTimeout: '{text}' is not a duration from 00:00:00 to 01:00:00");
        }
        return timeout;
    }

    public static string StoreConnectionString(IConfiguration configuration)
    {
        var connection = configuration["MeshBot:Store:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connection))
        {
            return "Data Source=meshbot.db";
        }
        try
        {
            _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"configuration MeshBot:Store:ConnectionString: {e.Message}");
        }
        return connection;
    }
}
