using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Mesh;

/// <summary>
/// What ztunnel enforces for an ambient workload, as istiod translates PeerAuthentication for it
/// (pilot/pkg/serviceregistry/kube/controller/ambient, convertPeerAuthentication): the same mesh → namespace →
/// workload → port composition, but only STRICT is enforced (a DENY of callers without an mTLS identity); PERMISSIVE
/// and UNSET accept both, and DISABLE is not supported: ztunnel accepts plaintext and mTLS alike, as for PERMISSIVE.
/// </summary>
public static class AmbientPeerAuthentication
{
    public static MtlsMode Enforced(MtlsMode mode) => mode == MtlsMode.Strict ? MtlsMode.Strict : MtlsMode.Permissive;

    public static string Explain(EffectivePeerAuthentication effective) =>
        effective.Mode == MtlsMode.Disable
            ? $"{effective.Explain()}; in ambient DISABLE is not supported: ztunnel accepts plaintext as for PERMISSIVE"
            : $"{effective.Explain()}; ztunnel on the server's node enforces it ({(effective.Mode == MtlsMode.Strict ? "callers without an mTLS identity are denied" : "plaintext and mTLS are accepted")})";
}
