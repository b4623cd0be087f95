using MeshBot.Diagnosis.Logs;

namespace MeshBot.Diagnosis.Tests.Logs;

/// <summary>Lines as the reference (§4) quotes them from Envoy, pilot-agent, istiod and kube-apiserver.</summary>
public sealed class LogSignaturesTests
{
    [Theory]
    [InlineData("upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED", LogSymptom.Certificate, "cert-verify-failed")]
    [InlineData("transport: authentication handshake failed: x509: certificate has expired or is not yet valid: current time 2026-11-22T08:00:00Z is after 2026-11-17T00:00:00Z", LogSymptom.Certificate, "x509-expired")]
    [InlineData("2026-11-22T08:00:00.000Z\terror\tcitadelclient\tfailed to sign CSR: rpc error: code = Unavailable", LogSymptom.Certificate, "csr-failed")]
    [InlineData("failed to create an istiod CA: incomplete signing CA bundle detected", LogSymptom.Certificate, "incomplete-ca-bundle")]
    [InlineData("remote error: tls: expired certificate", LogSymptom.Certificate, "tls-expired-certificate")]
    [InlineData("[2026-11-22T08:00:00.000Z] \"- - -\" 0 NR filter_chain_not_found - \"-\" 0 0 0 - \"-\" \"-\" \"-\" \"-\" \"-\" - - 10.244.1.12:8080 10.244.1.20:53124 - -", LogSymptom.PlaintextRejected, "filter-chain-not-found")]
    [InlineData("upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS_error:|268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end", LogSymptom.TlsHandshake, "wrong-version-number")]
    [InlineData("[2026-11-22T08:00:00.000Z] \"GET /charge HTTP/1.1\" 503 UC upstream_reset_before_response_started{connection_termination} - \"-\" 0 95 1 - \"-\" \"curl\" \"x\" \"api.payments:80\" \"10.244.1.12:8080\"", LogSymptom.ConnectionReset, "connection-termination")]
    [InlineData("[2026-11-22T08:00:00.000Z] \"POST /charge HTTP/1.1\" 403 - rbac_access_denied_matched_policy[none] - \"-\" 0 19 0 - \"-\" \"curl\"", LogSymptom.RbacDenied, "rbac-denied")]
    [InlineData("Error creating: Internal error occurred: failed calling webhook \"namespace.sidecar-injector.istio.io\": failed to call webhook: Post \"https://istiod.istio-system.svc:443/inject?timeout=10s\": context deadline exceeded", LogSymptom.WebhookFailure, "webhook-call-failed")]
    // ztunnel's access log (istio/ztunnel#1273 shows the shape): STRICT is the converted static policy, the rest is authorization.
    [InlineData("2026-11-22T08:00:00.000Z\terror\taccess\tconnection complete\tsrc.addr=10.244.1.20:40318 dst.addr=10.244.1.12:8080 direction=\"inbound\" error=\"connection closed due to policy rejection: explicitly denied by: istio-system/istio_converted_static_strict\"", LogSymptom.PlaintextRejected, "ztunnel-strict-rejection")]
    [InlineData("error\taccess\tconnection complete\tsrc.identity=\"spiffe://cluster.local/ns/default/sa/bookinfo-reviews\" direction=\"inbound\" error=\"connection closed due to policy rejection: allow policies exist, but none allowed\"", LogSymptom.RbacDenied, "ztunnel-policy-rejection")]
    [InlineData("error\taccess\tconnection complete\tdirection=\"outbound\" error=\"connection timed out, maybe a NetworkPolicy is blocking HBONE port 15008\"", LogSymptom.ConnectionReset, "ztunnel-hbone-failed")]
    public void Scan_ReferenceLine_ClassifiesBySymptom(string line, LogSymptom symptom, string id)
    {
        var match = Assert.Single(LogSignatures.Scan([line]));

        Assert.Equal(symptom, match.Signature.Symptom);
        Assert.Equal(id, match.Signature.Id);
    }

    [Theory]
    [InlineData("[2026-11-22T08:00:00.000Z] \"GET /healthz HTTP/1.1\" 200 - via_upstream - \"-\" 0 2 1 0 \"-\" \"kube-probe/1.30\"")]
    [InlineData("2026-11-22T08:00:00.000Z\tinfo\tads\tPush debounce stable[42] 1 for config ServiceEntry/payments/api: 100.1ms since last change")]
    [InlineData("2026-11-22T08:00:00.000Z\tinfo\tUse self-signed certificate as the CA certificate")]
    public void Scan_HealthyLine_MatchesNothing(string line) => Assert.Empty(LogSignatures.Scan([line]));

    [Theory]
    [InlineData("403 - rbac_access_denied_matched_policy[ns[payments]-policy[deny-post]-rule[0]] -", "ns[payments]-policy[deny-post]-rule[0]")]
    [InlineData("403 - rbac_access_denied_matched_policy[none] -", "none")]
    [InlineData("RBAC: access denied", null)]
    [InlineData("error=\"connection closed due to policy rejection: explicitly denied by: payments/deny-prometheus\"", "payments/deny-prometheus")]
    [InlineData("error=\"connection closed due to policy rejection: allow policies exist, but none allowed\"", "none")]
    public void DeniedBy_EnvoyPolicyId_IsExtracted(string line, string? policy) => Assert.Equal(policy, LogSignatures.DeniedBy(line));
}
