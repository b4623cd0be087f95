using MeshBot.Bot.Adapters.Slack;
using MeshBot.Bot.Chat;
using MeshBot.Bot.Cli;
using MeshBot.Bot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshBot.Bot.Tests.Adapters.Slack;

/// <summary><c>MeshBot:Slack</c>: disabled with one line when a secret is missing, stopped with the key named when a value is malformed.</summary>
public sealed class SlackOptionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["MeshBot:Slack:SigningSecret"] = "8f742231b10e8888abcd99yyyzzz85a5",
        ["MeshBot:Slack:BotToken"] = "xoxb-1-2-abc",
        ["MeshBot:Slack:ApiBaseUrl"] = "",
        ["MeshBot:Slack:TriageChannel"] = "C0TRIAGE",
        ["MeshBot:Slack:AppToken"] = "",
    };

    [Theory]
    [InlineData("MeshBot:Slack:SigningSecret")]
    [InlineData("MeshBot:Slack:BotToken")]
    public void MissingSecret_DisablesTheAdapter_WithOneLogLine(string key)
    {
        var logs = new CapturedLogs();
        var services = new ServiceCollection();

        var enabled = services.AddSlack(Configuration((key, "")), Logger(logs));

        Assert.False(enabled);
        var line = Assert.Single(logs.Lines);
        Assert.Contains("Slack adapter disabled", line);
        Assert.Contains(key, line);
        Assert.DoesNotContain(services, s => s.ServiceType == typeof(IChatPlatform));
    }

    [Fact]
    public void Enabled_RegistersThePlatformAndOptions_AndSocketModeOnlyWithAnAppToken()
    {
        var http = new ServiceCollection();
        var socket = new ServiceCollection();

        Assert.True(http.AddSlack(Configuration(), Logger(new CapturedLogs())));
        Assert.True(socket.AddSlack(Configuration(("MeshBot:Slack:AppToken", "xapp-1-A1-2-abc")), Logger(new CapturedLogs())));

        foreach (var services in new[] { http, socket })
        {
            services.AddLogging().AddSingleton<MeshBotMetrics>();
            using var provider = services.BuildServiceProvider();
            Assert.Equal("slack", Assert.Single(provider.GetServices<IChatPlatform>()).Name);
            Assert.Same(provider.GetServices<IChatPlatform>().Single(), provider.GetServices<IChatPlatform>().Single());
            var options = provider.GetRequiredService<SlackOptions>();
            Assert.Equal("C0TRIAGE", options.TriageChannel);
            Assert.Equal(new Uri("https://slack.com/api/"), options.ApiBaseUrl);
        }
        Assert.DoesNotContain(http, s => s.ServiceType == typeof(IHostedService));
        Assert.Contains(socket, s => s.ServiceType == typeof(IHostedService));
    }

    [Theory]
    [InlineData("ApiBaseUrl", "slack.com/api")]
    [InlineData("ApiBaseUrl", "ftp://slack.com/api/")]
    [InlineData("ApiBaseUrl", "https://slack.com/api/?token=x")]
    [InlineData("BotToken", "xapp-1-A1-2-abc-secret")]
    [InlineData("BotToken", "xoxb-1 2-secret")]
    [InlineData("AppToken", "xoxb-1-2-abc-secret")]
    [InlineData("SigningSecret", "8f74-secret-with-dashes")]
    [InlineData("TriageChannel", "#triage room")]
    public void MalformedValue_StopsStartup_NamingTheKey_NotTheSecret(string key, string value)
    {
        var e = Assert.Throws<CliException>(() => new ServiceCollection().AddSlack(Configuration(($"MeshBot:Slack:{key}", value)), Logger(new CapturedLogs())));

        Assert.StartsWith($"configuration MeshBot:Slack:{key}: ", e.Message);
        if (key != "ApiBaseUrl")
        {
            Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/")]
    [InlineData("https://slack.example/api/", "https://slack.example/api/")]
    public void ApiBaseUrl_AlwaysEndsWithASlash(string value, string expected) =>
        Assert.Equal(new Uri(expected), SlackOptions.Read(Configuration(("MeshBot:Slack:ApiBaseUrl", value))).ApiBaseUrl);

    [Fact]
    public void MapSlack_MapsNothing_WhenTheAdapterIsDisabled()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        Assert.False(builder.Services.AddSlack(Configuration(("MeshBot:Slack:BotToken", "")), Logger(new CapturedLogs())));
        using var app = builder.Build();

        app.MapSlack();

        Assert.Empty(((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] overrides)
    {
        var values = new Dictionary<string, string?>(Valid);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static ILogger Logger(CapturedLogs logs) => LoggerFactory.Create(l => l.AddProvider(logs)).CreateLogger("startup");
}
