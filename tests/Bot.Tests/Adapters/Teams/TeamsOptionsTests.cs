using MeshBot.Bot.Adapters.Teams;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Adapters.Teams;

public sealed class TeamsOptionsTests
{
    [Theory]
    [InlineData(null, null, "MeshBot:Teams:AppId and MeshBot:Teams:AppPassword")]
    [InlineData("app", null, "MeshBot:Teams:AppPassword")]
    [InlineData(null, "secret", "MeshBot:Teams:AppId")]
    [InlineData(" ", "secret", "MeshBot:Teams:AppId")]
    public void AddTeams_SecretMissing_FalseWithOneLogLineNamingIt(string? appId, string? password, string missing)
    {
        var services = new ServiceCollection();
        var log = new LineLogger();

        var added = services.AddTeams(Configuration(("MeshBot:Teams:AppId", appId), ("MeshBot:Teams:AppPassword", password)), log);

        Assert.False(added);
        var line = Assert.Single(log.Lines);
        Assert.Equal($"Teams adapter disabled: {missing} not set", line);
        Assert.DoesNotContain(services, s => s.ServiceType == typeof(IChatPlatform));
    }

    [Fact]
    public void AddTeams_Configured_RegistersThePlatformWithDefaults()
    {
        var services = new ServiceCollection();

        var added = services.AddTeams(Configuration(("MeshBot:Teams:AppId", "app"), ("MeshBot:Teams:AppPassword", "secret"), ("MeshBot:Teams:TriageConversation", TeamsBot.Channel)), new LineLogger());

        Assert.True(added);
        Assert.Contains(services, s => s.ServiceType == typeof(IChatPlatform));
        var options = (TeamsOptions)services.Single(s => s.ServiceType == typeof(TeamsOptions)).ImplementationInstance!;
        Assert.Equal(TeamsBot.Channel, options.TriageConversation);
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl.ToString());
        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", options.TokenEndpoint.ToString());
        Assert.Equal("https://smba.trafficmanager.net/teams/", options.ServiceUrl.ToString());
        Assert.DoesNotContain("secret", options.ToString()!);
    }

    [Fact]
    public void Bind_SingleTenant_TokensFromTheTenant()
    {
        var options = TeamsOptions.Bind(Configuration(("MeshBot:Teams:AppId", "app"), ("MeshBot:Teams:AppPassword", "secret"), ("MeshBot:Teams:TenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47")), out _);

        Assert.Equal("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token", options!.TokenEndpoint.ToString());
    }

    [Theory]
    [InlineData("TenantId", "not a tenant/")]
    [InlineData("OpenIdMetadataUrl", "http://login.botframework.com/v1/.well-known/openidconfiguration")]
    [InlineData("TokenEndpoint", "token")]
    [InlineData("ServiceUrl", "ftp://smba.trafficmanager.net/teams/")]
    [InlineData("TriageConversation", "19:abc @thread.tacv2")]
    public void AddTeams_Malformed_StopsNamingTheKey(string key, string value)
    {
        var configuration = Configuration(("MeshBot:Teams:AppId", "app"), ("MeshBot:Teams:AppPassword", "secret"), ($"MeshBot:Teams:{key}", value));

        var error = Assert.Throws<CliException>(() => new ServiceCollection().AddTeams(configuration, new LineLogger()));

        Assert.StartsWith($"configuration MeshBot:Teams:{key}:", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private sealed class LineLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
