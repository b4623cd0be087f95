using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshBot.Cluster.Certificates;

namespace MeshBot.Diagnosis.Certificates;

/// <summary>A parsed certificate and the facts the CA checks compare: validity window, CA flag, identity.</summary>
public sealed class CertificateInfo
{
    private CertificateInfo(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public DateTimeOffset NotBefore => new(Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    public bool IsCa => Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);

    public bool IsSelfSigned => Certificate.SubjectName.RawData.AsSpan().SequenceEqual(Certificate.IssuerName.RawData);

    /// <summary>Subject and a short SHA-256 fingerprint: enough for a person to tell two roots apart.</summary>
    public string Identity => $"\"{Certificate.GetNameInfo(X509NameType.SimpleName, false)}\" (sha256 {Certificate.GetCertHashString(HashAlgorithmName.SHA256)[..16].ToLowerInvariant()})";

    public bool SameAs(CertificateInfo other) => Certificate.RawData.AsSpan().SequenceEqual(other.Certificate.RawData);

    public static IReadOnlyList<CertificateInfo> ParseAll(string pem) => ParseAll(pem, out _);

    /// <summary>Every certificate that parses; <paramref name="error"/> says why the first damaged block did not.</summary>
    public static IReadOnlyList<CertificateInfo> ParseAll(string pem, out string? error)
    {
        error = null;
        var result = new List<CertificateInfo>();
        foreach (var block in PemBlocks.Split(pem))
        {
            try
            {
                result.Add(new CertificateInfo(X509Certificate2.CreateFromPem(block)));
            }
            catch (CryptographicException e)
            {
                // A damaged block is skipped; the callers that must trust the whole entry look at the error.
                error ??= e.Message.Trim().TrimEnd('.');
            }
        }
        return result;
    }

    /// <summary>Verifies that <paramref name="leaf"/> chains through <paramref name="intermediates"/> to <paramref name="root"/>; validity dates are checked separately.</summary>
    public static string? ChainError(CertificateInfo leaf, IEnumerable<CertificateInfo> intermediates, CertificateInfo root)
    {
        if (leaf.SameAs(root))
        {
            return null;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        foreach (var intermediate in intermediates.Where(i => !i.SameAs(leaf)))
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate.Certificate);
        }
        if (chain.Build(leaf.Certificate))
        {
            return null;
        }
        var problems = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.StatusInformation.Trim()).Distinct();
        return string.Join("; ", problems);
    }
}
