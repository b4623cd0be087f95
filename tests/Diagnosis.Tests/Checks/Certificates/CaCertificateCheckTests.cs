using System.Text;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Checks.Certificates;

/// <summary>
/// istiod's CA Secret is there but one of its certificate entries cannot be read (base64 that does not decode, a PEM
/// block that does not parse): the step says which secret and key, and why, stays inconclusive and proposes nothing.
/// An undecodable entry that holds no certificate by design (a key) changes nothing.
/// </summary>
public sealed class CaCertificateCheckTests
{
    // Not base64 ('-' and spaces), and shaped like key material that must never be printed.
    private const string NotBase64 = "-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

    // Base64 of a PEM CERTIFICATE block whose body is base64 but not a certificate.
    private static readonly string NotACertificate = Base64("-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n");

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string IstioCaSecret(string caCert, string caKey) => $"""
        apiVersion: v1
        kind: Secret
        metadata: {"{"}name: istio-ca-secret, namespace: istio-system{"}"}
        type: istio.io/ca-root
        data:
          ca-cert.pem: "{caCert}"
          ca-key.pem: "{caKey}"
          cert-chain.pem: ""
          root-cert.pem: ""
        """;

    private static string Cacerts(string caCert, string chain, string root) => $"""
        apiVersion: v1
        kind: Secret
        metadata: {"{"}name: cacerts, namespace: istio-system{"}"}
        type: Opaque
        data:
          ca-cert.pem: "{caCert}"
          ca-key.pem: "c2VjcmV0"
          cert-chain.pem: "{chain}"
          root-cert.pem: "{root}"
        """;

    public sealed record Case(string Name, Func<string, string> Secrets, string Result, string[] Observed)
    {
        public override string ToString() => Name;
    }

    // Each case gets the base64 of the healthy fixture's own (valid) root CA certificate.
    public static TheoryData<Case> Cases => new(
        new Case("istio-ca-secret ca-cert.pem not base64", root => IstioCaSecret(NotBase64, root), "inconclusive",
            ["Secret/istio-system/istio-ca-secret is present", "ca-cert.pem", "not valid base64"]),
        new Case("istio-ca-secret ca-cert.pem a PEM that does not parse", root => IstioCaSecret(NotACertificate, root), "inconclusive",
            ["Secret/istio-system/istio-ca-secret is present", "ca-cert.pem", "does not parse"]),
        new Case("cacerts root-cert.pem not base64", root => Cacerts(root, root, NotBase64), "inconclusive",
            ["Secret/istio-system/cacerts is present", "root-cert.pem", "not valid base64"]),
        // istiod would load the plugged-in cacerts, not fall back to istio-ca-secret.
        new Case("cacerts ca-cert.pem damaged beside a valid istio-ca-secret", root => Cacerts(NotACertificate, root, root), "inconclusive",
            ["Secret/istio-system/cacerts is present", "ca-cert.pem", "does not parse"]),
        new Case("istio-ca-secret with an undecodable key entry", root => IstioCaSecret(root, NotBase64), "ruled-out", []),
        new Case("complete cacerts with an undecodable key entry", root => Cacerts(root, root, root).Replace("c2VjcmV0", NotBase64, StringComparison.Ordinal), "ruled-out", []));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Run_CaSecretEntries_PresentButUnreadableIsSaidAndStaysInconclusive(Case secret)
    {
        using var fixture = FixtureSnapshot.Materialize("healthy");
        var root = Base64(fixture.Certificates["root"].CertificatePem);
        // Read after ca.yaml, so this istio-ca-secret replaces the fixture's.
        File.WriteAllText(Path.Combine(fixture.Path, "zz-ca-secrets.yaml"), secret.Secrets(root));

        var report = await new Diagnoser(new MeshOptions(), TimeProvider.System)
            .DiagnoseAsync(new SnapshotSource(fixture.Path), new DiagnosisRequest(TargetSpec.Parse("payments/api"), null, null));

        var ca = report.Steps.Single(s => s.Branch == Branch.CaRotation);
        var observed = string.Join("\n", ca.Evidence.Select(e => e.Observed));
        Assert.True(secret.Result == ca.Result.Wire(), $"{ca.Result.Wire()}: {ca.Summary}\n{observed}");
        Assert.All(secret.Observed, o => Assert.Contains(o, observed));
        Assert.DoesNotContain("neither secret is present", ca.Summary);
        Assert.DoesNotContain(report.Needs, n => n is RestartIstiod or RestartInjectedWorkloads);
        var everything = string.Join("\n", report.Steps.Concat([report.ControlPlane]).SelectMany(s => s.Evidence.Select(e => e.Command + " " + e.Observed).Append(s.Summary))
            .Concat(report.Findings.Select(f => f.Message)).Append(report.Verdict.Summary));
        Assert.DoesNotContain("PRIVATE KEY", everything);
        Assert.DoesNotContain("MIIEvQIBADANBg", everything);
    }
}
