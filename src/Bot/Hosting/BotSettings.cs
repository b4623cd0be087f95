using MeshBot.Bot.Cli;
using MeshBot.Remediation.Approval;
using MeshBot.Remediation.Proposals;

namespace MeshBot.Bot.Hosting;

/// <summary>Binds and validates <c>MeshBot:Approval</c> and <c>MeshBot:Store</c>; a malformed value stops start-up with the key named.</summary>
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
