using MeshBot.Bot.Hosting;
using MeshBot.Bot.Incidents.Store;
using MeshBot.Bot.Incidents.Store.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MeshBot.Bot.Operations.Replicas;

/// <summary>How <c>meshbot serve</c> registers the store and its start-up/background work for one or several replicas.</summary>
public static class ReplicaServices
{
    /// <summary>
    /// The <see cref="IIncidentStore"/> chosen by <c>MeshBot:Store:Provider</c> (validated now: a malformed value throws
    /// naming the key), wrapped in <see cref="ReplicaSafeIncidentStore"/>, with this process's <see cref="ReplicaOptions"/>;
    /// for PostgreSQL also the <see cref="PostgresIncidentStore"/> itself as <see cref="IReplicaStore"/>.
    /// </summary>
    public static IServiceCollection AddIncidentStore(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = IncidentStores.Settings(configuration);
        var replica = IncidentStores.NewReplicaId();
        services.AddSingleton(settings);
        services.AddSingleton(new ReplicaOptions(replica, settings.LeaseTtl));
        if (settings.IsPostgres)
        {
            services.AddSingleton(_ => new PostgresIncidentStore(settings.ConnectionString, replica));
            services.AddSingleton<IReplicaStore>(sp => sp.GetRequiredService<PostgresIncidentStore>());
            services.AddSingleton<IIncidentStore>(sp => new ReplicaSafeIncidentStore(sp.GetRequiredService<PostgresIncidentStore>(), replica));
        }
        else
        {
            services.AddSingleton<IIncidentStore>(_ => new ReplicaSafeIncidentStore(new SqliteIncidentStore(settings.ConnectionString), replica));
        }
        return services;
    }

    /// <summary>
    /// Start-up migration, recovery and approval expiry: <see cref="ReplicaIncidentStartup"/> (one replica at a time,
    /// by lease) when the store is shared (an <see cref="IReplicaStore"/> is registered), else <see cref="IncidentStartup"/>.
    /// </summary>
    public static IServiceCollection AddIncidentStartup(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IReplicaStore)))
        {
            services.TryAddSingleton<ReplicaIncidentStartup>();
            services.AddHostedService(sp => sp.GetRequiredService<ReplicaIncidentStartup>());
        }
        else
        {
            services.AddHostedService<IncidentStartup>();
        }
        return services;
    }
}
