using MeshBot.Diagnosis.Mesh;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Tests.Mesh;

public sealed class TlsCompatibilityTests
{
    private static EffectiveDestinationRule Rule(TlsMode? tls)
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.DestinationRule("orders", "r", "api.payments.svc.cluster.local", tls?.Wire()));
        var rule = cluster.DestinationRules.All[0];
        return new EffectiveDestinationRule(tls is null ? null : rule, tls is null ? RuleLevel.None : RuleLevel.ClientNamespace, tls, false, "api.payments.svc.cluster.local", 80);
    }

    public static TheoryData<bool, TlsMode?, bool, bool, MtlsMode, Origination, bool> Cases => new()
    {
        // client sidecar, DR tls, endpoint labelled istio, server sidecar, server mode → origination, works
        { true, null, true, true, MtlsMode.Strict, Origination.IstioMutual, true },
        { true, null, true, true, MtlsMode.Permissive, Origination.IstioMutual, true },
        { true, null, true, true, MtlsMode.Disable, Origination.Plaintext, true },
        { true, null, false, false, MtlsMode.Permissive, Origination.Plaintext, true },
        { true, TlsMode.Disable, true, true, MtlsMode.Strict, Origination.Plaintext, false },
        { true, TlsMode.Disable, true, true, MtlsMode.Permissive, Origination.Plaintext, true },
        { true, TlsMode.Simple, true, true, MtlsMode.Strict, Origination.Simple, false },
        { true, TlsMode.IstioMutual, true, true, MtlsMode.Disable, Origination.IstioMutual, false },
        { true, TlsMode.IstioMutual, false, false, MtlsMode.Permissive, Origination.IstioMutual, false },
        { false, TlsMode.IstioMutual, true, true, MtlsMode.Strict, Origination.Plaintext, false },
        { false, null, true, true, MtlsMode.Permissive, Origination.Plaintext, true },
        { false, null, false, false, MtlsMode.Permissive, Origination.Plaintext, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OriginateAndAccept_Matrix_MatchesReference(bool clientSidecar, TlsMode? tls, bool labelled, bool serverSidecar, MtlsMode serverMode, Origination expected, bool works)
    {
        var origination = TlsCompatibility.Originate(clientSidecar, Rule(tls), labelled, serverMode);
        var accepted = TlsCompatibility.Accepts(origination, serverSidecar, serverMode);

        Assert.Equal(expected, origination.Origination);
        Assert.Equal(works, accepted.Works);
    }
}
