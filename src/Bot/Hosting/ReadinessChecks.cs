using System.Text.Json;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;

namespace MeshBot.Bot.Hosting;

/// <summary><c>/readyz</c>: the store answers, and the cluster answers (one cheap list). 503 with the reason otherwise.</summary>
public sealed class ReadinessChecks(IIncidentStore store, IClusterSource cluster)
{
    public async Task<IResult> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, string>
        {
            ["store"] = await Probe(async () => await store.ListAsync([], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false),
            ["cluster"] = await Probe(async () =>
            {
                var list = await cluster.ListAsync(ResourceKinds.Namespace, cancellationToken).ConfigureAwait(false);
                if (list.Status == ReadStatus.Forbidden)
                {
                    throw new InvalidOperationException(list.Message ?? "forbidden");
                }
            }).ConfigureAwait(false),
        };
        var ready = checks.Values.All(v => v == "ok");
        return Results.Text(JsonSerializer.Serialize(checks), "application/json", statusCode: ready ? 200 : 503);
    }

    private static async Task<string> Probe(Func<Task> check)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await check().WaitAsync(timeout.Token).ConfigureAwait(false);
            return "ok";
        }
        catch (Exception e)
        {
            return e.Message.Split('\n')[0];
        }
    }
}
