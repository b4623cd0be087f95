using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Tests.Mesh;

/// <summary>What ztunnel enforces (istiod's ambient convertPeerAuthentication): STRICT, or nothing.</summary>
public sealed class AmbientPeerAuthenticationTests
{
    [Theory]
    [InlineData(MtlsMode.Strict, MtlsMode.Strict)]
    [InlineData(MtlsMode.Permissive, MtlsMode.Permissive)]
    [InlineData(MtlsMode.Unset, MtlsMode.Permissive)]
    [InlineData(MtlsMode.Disable, MtlsMode.Permissive)]
    public void Enforced_Mode_IsStrictOrAcceptsBoth(MtlsMode mode, MtlsMode enforced) =>
        Assert.Equal(enforced, AmbientPeerAuthentication.Enforced(mode));

    [Fact]
    public void Explain_NamespaceDisable_SaysAmbientDoesNotSupportIt()
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.PeerAuthentication("istio-system", "default", "STRICT"), ClusterYaml.PeerAuthentication("payments", "default", "DISABLE"));
        var effective = new PeerAuthenticationResolver(cluster.PeerAuthentications, "istio-system").Resolve("payments", new Dictionary<string, string>(), 8080);

        Assert.Contains("DISABLE is not supported", AmbientPeerAuthentication.Explain(effective));
    }
}
