using System.CommandLine;
using MeshBot.Bot.Demo;
using MeshBot.Bot.Incidents;

namespace MeshBot.Bot.Cli;

/// <summary>
/// <c>meshbot demo [--scenario BRANCH] [--auto-approve]</c>: the whole loop on an embedded cluster. Interactive by
/// default; with <c>--auto-approve</c> the demo approvers approve every proposal, and the exit code is 0 only if the
/// incident ends Resolved.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextReader input)
    {
        var scenario = new Option<string>("--scenario") { Description = "The runbook branch to demonstrate.", DefaultValueFactory = _ => DemoScenario.Default.Branch };
        scenario.AcceptOnlyFromAmong([.. DemoScenario.All.Select(s => s.Branch)]);
        var auto = new Option<bool>("--auto-approve") { Description = "Approve every proposal as the demo approvers, without prompting." };
        var command = new Command("demo", "Show the whole loop — alert, triage, approval, fix, verification — on an embedded cluster.") { scenario, auto };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = DemoScenario.Find(parse.GetValue(scenario)!)!;
            var store = Path.Combine(Path.GetTempPath(), $"meshbot-demo-{Guid.NewGuid():N}.db");
            var incident = await new DemoRun(chosen, output, input, store).RunAsync(parse.GetValue(auto), cancellationToken).ConfigureAwait(false);
            return incident.State == IncidentState.Resolved ? 0 : 1;
        });
        return command;
    }
}
