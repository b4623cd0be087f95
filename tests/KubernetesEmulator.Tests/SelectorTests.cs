using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Selectors;

namespace MeshBot.KubernetesEmulator.Tests;

public sealed class SelectorTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["app"] = "api",
        ["tier"] = "backend",
        ["version"] = "3",
        ["security.istio.io/tlsMode"] = "istio",
    };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=api", true)]
    [InlineData("app==api", true)]
    [InlineData("app!=api", false)]
    [InlineData("app=web", false)]
    [InlineData("app in (web, api)", true)]
    [InlineData("app notin (web,api)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("missing!=x", true)]
    [InlineData("security.istio.io/tlsMode", true)]
    [InlineData("!security.istio.io/tlsMode", false)]
    [InlineData("!missing", true)]
    [InlineData("app=api,tier=backend", true)]
    [InlineData("app=api,tier=frontend", false)]
    [InlineData("version>2,version<4", true)]
    [InlineData("version>3", false)]
    [InlineData("app=", false)]
    public void Label_selectors_follow_kubernetes_semantics(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in web")]
    [InlineData("app in (web")]
    [InlineData("=api")]
    [InlineData("app between (a)")]
    public void Malformed_label_selectors_are_bad_requests(string selector)
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));

        Assert.Equal(400, error.Code);
        Assert.StartsWith("unable to parse requirement:", error.Message, StringComparison.Ordinal);
    }
}
