using System.CommandLine;
using MeshBot.Bot.Demo;
using MeshBot.Bot.Incidents;

namespace MeshBot.Bot.Cli;

/// <summary>
/// <c>meshbot demo [--scenario BRANCH] [--auto-approve]</c>: the whole loop on an embedded cluster. Interactive by
/// default; with <c>--auto-approve</c> the demo approvers approve every proposal. The exit code is 0 only if the
/// incident ends Resolved, else <see cref="NotResolved"/>.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The exit code when the incident did not end Resolved: rejected, escalated, quit, or the fix did not verify.</summary>
    public const int NotResolved = 1;

    public static Command Create(TextWriter output, TextReader input)
    {
        var scenario = new Option<string>("--scenario") { Description = "The runbook branch to demonstrate.", DefaultValueFactory = _ => DemoScenario.Default.Branch };
        scenario.AcceptOnlyFromAmong([.. DemoScenario.All.Select(s => s.Branch)]);
        var auto = new Option<bool>("--auto-approve") { Description = "Approve every proposal as the demo approvers, without prompting." };
        var keep = new Option<string?>("--store") { Description = "Keep the demo's store (incidents and audit trail) in this SQLite file; without it the store is deleted after the run.", HelpName = "PATH" };
        var command = new Command("demo", "Show the whole loop — alert, triage, approval, fix, verification — on an embedded cluster.") { scenario, auto, keep };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = DemoScenario.Find(parse.GetValue(scenario)!)!;
            var kept = parse.GetValue(keep) is { } path ? Path.GetFullPath(path) : null;
            var store = kept ?? Path.Combine(Path.GetTempPath(), $"meshbot-demo-{Guid.NewGuid():N}.db");
            try
            {
                var incident = await new DemoRun(chosen, output, input, store, kept is not null).RunAsync(parse.GetValue(auto), cancellationToken).ConfigureAwait(false);
                return incident.State == IncidentState.Resolved ? 0 : NotResolved;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (kept is null)
                {
                    // Not asked to keep it: the demo leaves nothing behind.
                    foreach (var file in new[] { store, store + "-wal", store + "-shm" }.Where(File.Exists))
                    {
                        File.Delete(file);
                    }
                }
            }
        });
        return command;
    }
}
