using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshBot.KubernetesEmulator.Tests.Support;

namespace MeshBot.KubernetesEmulator.Tests;

/// <summary>TLS always; bearer tokens and client certificates from the emulator's CA authenticate; everything else is 401; the access policy gives 403 with the real message.</summary>
public sealed class AuthenticationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_wrong_token_makes_kubectl_ask_for_a_login()
    {
        using var wrong = new Kubectl(fixture.Emulator, EmulatorCredential.Token("not-a-token"));

        // With no discovery cache kubectl fails in discovery, whose client reports the 401 without reading its Status body…
        var cold = await wrong.RunAsync("get", "pods", "-A");
        Assert.Equal(1, cold.ExitCode);
        Assert.EndsWith("error: You must be logged in to the server (the server has asked for the client to provide credentials)", cold.Stderr.Trim(), StringComparison.Ordinal);

        // …with discovery cached (by a valid user, same cache directory) the list request's Status message shows.
        var valid = Path.Combine(Path.GetDirectoryName(wrong.KubeconfigPath)!, "valid");
        fixture.Emulator.WriteKubeconfig(valid, EmulatorCredential.Token(EmulatorFixture.AdminToken));
        (await wrong.RunAsync("--kubeconfig", valid, "api-resources", "-o", "name")).EnsureSuccess();
        var warm = await wrong.RunAsync("get", "pods", "-A");
        Assert.Equal("error: You must be logged in to the server (Unauthorized)", warm.Stderr.Trim());
    }

    [Fact]
    public async Task Requests_without_credentials_get_an_unauthorized_status()
    {
        using var anonymous = fixture.Emulator.CreateHttpClient(EmulatorCredential.None);

        var (status, body) = await anonymous.GetJsonAsync("/api/v1/namespaces");

        Assert.Equal(401, status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","details":{},"code":401}""", body.ToJsonString());
    }

    [Fact]
    public async Task A_client_certificate_from_the_emulator_ca_authenticates_and_a_foreign_one_does_not()
    {
        var issued = fixture.Emulator.IssueClientCertificate("carol", "sre");
        using var carol = fixture.Emulator.CreateHttpClient(issued.Credential);
        using var foreign = fixture.Emulator.CreateHttpClient(SelfSigned("mallory"));

        var (okStatus, _) = await carol.GetJsonAsync("/api/v1/namespaces/payments/pods");
        var (badStatus, bad) = await foreign.GetJsonAsync("/api/v1/namespaces/payments/pods");

        Assert.Equal(200, okStatus);
        Assert.Contains(fixture.Emulator.RequestLog, r => r.User == "carol" && r.Status == 200);
        Assert.Equal((401, "Unauthorized"), (badStatus, bad.Str("reason")));
    }

    [Fact]
    public async Task The_server_certificate_names_127_0_0_1_and_localhost_and_chains_to_the_published_ca()
    {
        X509Certificate2? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                seen = X509CertificateLoader.LoadCertificate(certificate!.RawData);
                return true;
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = fixture.Emulator.Url };
        await http.GetAsync("/version");

        var ca = X509Certificate2.CreateFromPem(fixture.Emulator.CaCertificatePem);
        Assert.StartsWith("https://127.0.0.1:", fixture.Emulator.Url.ToString(), StringComparison.Ordinal);
        Assert.True(seen!.MatchesHostname("127.0.0.1"));
        Assert.True(seen.MatchesHostname("localhost"));
        Assert.Equal(ca.Subject, seen.Issuer);
    }

    [Fact]
    public async Task A_denied_verb_is_forbidden_for_kubectl_with_the_authorizers_message()
    {
        using var meshbot = new Kubectl(fixture.Emulator, EmulatorCredential.Token(EmulatorFixture.ViewerToken));
        fixture.Emulator.Access.Deny("list", "pods", subject: "system:serviceaccounts:meshbot", @namespace: "payments");
        try
        {
            var denied = await meshbot.RunAsync("get", "pods", "-n", "payments");
            var allowed = await meshbot.RunAsync("get", "pods", "-n", "orders", "-o", "name");
            var canI = await meshbot.RunAsync("auth", "can-i", "list", "pods", "-n", "payments");

            Assert.Equal(1, denied.ExitCode);
            Assert.Equal("Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:meshbot:meshbot\" cannot list resource \"pods\" in API group \"\" in the namespace \"payments\"", denied.Stderr.Trim());
            Assert.Equal("pod/checkout-6b8f7d9c4-m3n8p", allowed.EnsureSuccess().Stdout.Trim());
            Assert.Equal("no", canI.Stdout.Trim());
        }
        finally
        {
            fixture.Emulator.Access.Reset();
        }
    }

    [Fact]
    public async Task Default_deny_with_allow_rules_models_least_privilege()
    {
        using var http = fixture.Http(EmulatorFixture.ViewerToken);
        fixture.Emulator.Access.AllowByDefault = false;
        fixture.Emulator.Access.Allow("get,list", "pods,pods/log,deployments.apps", subject: EmulatorFixture.MeshBotUser);
        try
        {
            var (podsStatus, _) = await http.GetJsonAsync("/api/v1/pods");
            using var log = await http.GetAsync("/api/v1/namespaces/payments/pods/api-5f7c9d8b6-x2x4k/log?container=istio-proxy&tailLines=1");
            var (secretStatus, secret) = await http.GetJsonAsync("/api/v1/namespaces/istio-system/secrets/istio-ca-secret");
            var (patchStatus, patch) = await http.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/payments/deployments/api", "{}", "application/merge-patch+json");

            Assert.Equal(200, podsStatus);
            Assert.Equal(200, (int)log.StatusCode);
            Assert.Equal(403, secretStatus);
            Assert.Equal("secrets \"istio-ca-secret\" is forbidden: User \"system:serviceaccount:meshbot:meshbot\" cannot get resource \"secrets\" in API group \"\" in the namespace \"istio-system\"", secret.Str("message"));
            Assert.Equal("""{"name":"istio-ca-secret","kind":"secrets"}""", secret["details"]!.ToJsonString());
            Assert.Equal(403, patchStatus);
            Assert.Equal("deployments.apps \"api\" is forbidden: User \"system:serviceaccount:meshbot:meshbot\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"payments\"", patch.Str("message"));
        }
        finally
        {
            fixture.Emulator.Access.Reset();
        }
    }

    private static EmulatorCredential SelfSigned(string user)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={user}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return EmulatorCredential.Certificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
