using MeshBot.Diagnosis.Certificates;
using MeshBot.Bot.Demo.Scenarios;

namespace MeshBot.Diagnosis.Tests.Certificates;

public sealed class CertificateInfoTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static CertificateInfo Parse(GeneratedCertificate c) => Assert.Single(CertificateInfo.ParseAll(c.CertificatePem));

    [Fact]
    public void ParseAll_GeneratedCa_ReadsWindowAndCaFlag()
    {
        var root = ScenarioCertificates.Create("root", true, CertificateValidity.Expired, null, Now);
        var info = Parse(root);

        Assert.True(info.IsCa);
        Assert.True(info.IsSelfSigned);
        Assert.True(info.NotAfter < Now);
        Assert.Contains("\"root\"", info.Identity);
    }

    [Fact]
    public void ParseAll_Bundle_ReadsEveryCertificateAndIgnoresKeys()
    {
        var a = ScenarioCertificates.Create("a", true, CertificateValidity.Valid, null, Now);
        var b = ScenarioCertificates.Create("b", false, CertificateValidity.Valid, a, Now);

        var all = CertificateInfo.ParseAll(a.CertificatePem + b.PrivateKeyPem + b.CertificatePem);

        Assert.Equal(2, all.Count);
        Assert.False(all[1].IsCa);
    }

    [Fact]
    public void ChainError_IssuedByRoot_IsNull()
    {
        var root = ScenarioCertificates.Create("root", true, CertificateValidity.Valid, null, Now);
        var intermediate = ScenarioCertificates.Create("intermediate", true, CertificateValidity.Valid, root, Now);

        Assert.Null(CertificateInfo.ChainError(Parse(intermediate), [], Parse(root)));
    }

    [Fact]
    public void ChainError_ThroughIntermediate_IsNull()
    {
        var root = ScenarioCertificates.Create("root", true, CertificateValidity.Valid, null, Now);
        var intermediate = ScenarioCertificates.Create("intermediate", true, CertificateValidity.Valid, root, Now);
        var issuing = ScenarioCertificates.Create("issuing", true, CertificateValidity.Valid, intermediate, Now);

        Assert.Null(CertificateInfo.ChainError(Parse(issuing), [Parse(intermediate)], Parse(root)));
    }

    [Fact]
    public void ChainError_OtherRoot_IsReported()
    {
        var root = ScenarioCertificates.Create("root", true, CertificateValidity.Valid, null, Now);
        var stranger = ScenarioCertificates.Create("stranger", true, CertificateValidity.Valid, null, Now);
        var issued = ScenarioCertificates.Create("issued", true, CertificateValidity.Valid, stranger, Now);

        Assert.NotNull(CertificateInfo.ChainError(Parse(issued), [], Parse(root)));
    }
}
