using MeshBot.Diagnosis.Runbook;

namespace MeshBot.Diagnosis.Tests.Runbook;

/// <summary>Path ends are Kubernetes names, exactly: nothing before, after or inside them that a name cannot hold.</summary>
public sealed class TargetSpecTests
{
    [Theory]
    [InlineData("payments", "payments")]
    [InlineData("payments/api", "payments/api")]
    [InlineData("payments/api-5d8f7c9b4-x2x7q", "payments/api-5d8f7c9b4-x2x7q")]
    [InlineData("kube-system/coredns.v1", "kube-system/coredns.v1")]
    public void TryParse_KubernetesNames_AreAccepted(string text, string expected)
    {
        Assert.True(TargetSpec.TryParse(text, out var spec, out var error), error);
        Assert.Equal(expected, spec!.ToString());
    }

    [Theory]
    [InlineData("payments\n")] // .NET's $ matches before a final \n: the bug of issue 9
    [InlineData("payments\r")]
    [InlineData("payments\r\n")]
    [InlineData("pay\0ments")]
    [InlineData("payments ")]
    [InlineData(" payments")]
    [InlineData("payments\n/api")]
    [InlineData("payments/api\n")]
    [InlineData("payments/api\r")]
    [InlineData("payments/ap\0i")]
    [InlineData("payments/api ")]
    [InlineData("payments/ api")]
    public void TryParse_ControlCharacterOrSpaceInAName_IsRefused(string text)
    {
        Assert.False(TargetSpec.TryParse(text, out var spec, out var error));
        Assert.Null(spec);
        Assert.NotEmpty(error);
    }
}
