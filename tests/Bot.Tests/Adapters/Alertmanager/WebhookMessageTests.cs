using System.Text;
using MeshBot.Bot.Adapters.Alertmanager;

namespace MeshBot.Bot.Tests.Adapters.Alertmanager;

/// <summary>The version-4 webhook payload: the real captures parse; everything else is refused with a reason.</summary>
public sealed class WebhookMessageTests
{
    private static (WebhookMessage? Message, string Rejection, string Problem) Parse(string body)
    {
        var ok = WebhookMessage.TryParse(Encoding.UTF8.GetBytes(body), out var message, out var rejection, out var problem);
        Assert.Equal(ok, message is not null);
        return (message, rejection, problem);
    }

    [Fact]
    public void Parse_RealAlertmanager025Firing()
    {
        var (message, _, _) = Parse(Payloads.Read(Payloads.Firing025));

        Assert.Equal("{}:{}", message!.GroupKey);
        Assert.True(message.Firing);
        Assert.Equal("payments", message.CommonLabels["namespace"]);
        var alert = Assert.Single(message.Alerts);
        Assert.Equal("IstioMTLSFailure", alert.Labels["alertname"]);
    }

    [Fact]
    public void Parse_RealCurrentFormatResolved_WithNewerFields()
    {
        var (message, _, _) = Parse(Payloads.Read(Payloads.ResolvedCurrent));

        Assert.Equal("{}:{alertname=\"test1\"}", message!.GroupKey);
        Assert.False(message.Firing);
        Assert.Equal("test_receiver", message.Receiver);
    }

    [Theory]
    [InlineData("{\"version\":\"4\"", "malformed-json")]
    [InlineData("[]", "invalid-payload")]
    [InlineData("{\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[]}", "wrong-version")]
    [InlineData("{\"version\":\"3\",\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[]}", "wrong-version")]
    [InlineData("{\"version\":4,\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[]}", "wrong-version")]
    [InlineData("{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}", "invalid-payload")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"\",\"status\":\"firing\",\"alerts\":[]}", "invalid-payload")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"burning\",\"alerts\":[]}", "invalid-payload")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\"}", "invalid-payload")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\"}]}", "invalid-payload")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"port\":8080}}]}", "invalid-payload")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[],\"commonLabels\":[\"a\"]}", "invalid-payload")]
    public void Parse_Bad_IsRefusedWithTheReason(string body, string rejection)
    {
        var (message, actual, problem) = Parse(body);

        Assert.Null(message);
        Assert.Equal(rejection, actual);
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void Parse_NullLabelSetsAsOlderVersionsSend_AreEmpty()
    {
        var (message, _, _) = Parse("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[],\"commonLabels\":null,\"commonAnnotations\":null,\"truncatedAlerts\":null}");

        Assert.Empty(message!.CommonLabels);
    }
}
