using System.Text.RegularExpressions;

namespace MeshBot.Diagnosis.Logs;

/// <summary>
/// The signatures of reference §4, most specific first: a line is classified by the first signature that
/// matches, so a CERTIFICATE_VERIFY_FAILED handshake counts as a certificate problem, not a generic TLS one.
/// Matching is on reason text, never on OpenSSL's numeric codes alone.
/// </summary>
public static partial class LogSignatures
{
    public static readonly IReadOnlyList<LogSignature> All =
    [
        Sig("cert-verify-failed", LogSymptom.Certificate, "CERTIFICATE_VERIFY_FAILED", "the peer's certificate is not trusted: CA or root mismatch"),
        Sig("x509-expired", LogSymptom.Certificate, @"x509: certificate has expired or is not yet valid", "a certificate in the chain is expired (or the clock is skewed)"),
        Sig("x509-unknown-authority", LogSymptom.Certificate, @"x509: certificate signed by unknown authority", "the chain does not verify to a trusted root"),
        Sig("tls-expired-certificate", LogSymptom.Certificate, @"tls: expired certificate", "a proxy presented an expired certificate"),
        Sig("csr-failed", LogSymptom.Certificate, @"failed to sign CSR|CSR signing error|create certificate:", "the workload could not get its certificate from the CA"),
        Sig("incomplete-ca-bundle", LogSymptom.Certificate, @"incomplete signing CA bundle", "cacerts is missing ca-key, ca-cert, root-cert or cert-chain"),
        Sig("san-mismatch", LogSymptom.Certificate, @"verify cert failed: SAN matcher", "the peer's SPIFFE identity does not match the expected SAN"),
        Sig("webhook-call-failed", LogSymptom.WebhookFailure, @"failed calling webhook", "the API server could not call the injector"),
        Sig("filter-chain-not-found", LogSymptom.PlaintextRejected, @"filter_chain_not_found", "a plaintext caller reached a STRICT-only inbound listener"),
        // ztunnel (ambient): STRICT is istiod's static DENY of callers without an mTLS identity.
        Sig("ztunnel-strict-rejection", LogSymptom.PlaintextRejected, @"policy rejection: explicitly denied by: [^""\s]*/istio_converted_static_strict", "ztunnel's STRICT PeerAuthentication rejected a plaintext caller"),
        Sig("ztunnel-policy-rejection", LogSymptom.RbacDenied, @"connection closed due to policy rejection", "ztunnel enforced an AuthorizationPolicy and closed the connection"),
        Sig("ztunnel-hbone-failed", LogSymptom.ConnectionReset, @"HBONE port 15008|error=""[^""]*(?:hbone|15008)[^""]*""", "ztunnel could not open its HBONE tunnel (port 15008) to the destination node"),
        Sig("wrong-version-number", LogSymptom.TlsHandshake, @"WRONG_VERSION_NUMBER", "TLS was sent to a plaintext port (or TLS twice)"),
        Sig("tls-error", LogSymptom.TlsHandshake, @"TLS[ _]error|tls: handshake failure|transport failure reason: TLS", "a TLS handshake failed"),
        Sig("connection-termination", LogSymptom.ConnectionReset, @"reset reason: connection termination|upstream_reset_before_response_started\{connection_termination\}", "the server closed the connection: the typical plaintext-to-STRICT symptom seen by the client"),
        Sig("rbac-denied", LogSymptom.RbacDenied, @"rbac_access_denied_matched_policy\[|RBAC: access denied", "an AuthorizationPolicy denied the request"),
    ];

    [GeneratedRegex(@"rbac_access_denied_matched_policy\[(none|ns\[[^\]]*\]-policy\[[^\]]*\]-rule\[\d+\])\]|policy rejection: explicitly denied by: ([^""\s]+)|policy rejection: (allow policies exist, but none allowed)")]
    private static partial Regex RbacPolicy();

    // One pass over each line with every pattern as an alternation: most lines (200 OK access logs) match none,
    // and the regex engine searches the alternation's literals at once instead of trying each pattern in turn.
    private static readonly Regex Any = new(string.Join('|', All.Select(s => $"(?:{s.Pattern})")), RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public static IReadOnlyList<LogMatch> Scan(IEnumerable<string> lines)
    {
        var matches = new List<LogMatch>();
        foreach (var line in lines)
        {
            if (Any.IsMatch(line) && All.FirstOrDefault(s => s.Pattern.IsMatch(line)) is { } signature)
            {
                matches.Add(new LogMatch(signature, line));
            }
        }
        return matches;
    }

    /// <summary>
    /// The policy an RBAC denial names: Envoy's <c>ns[NS]-policy[NAME]-rule[N]</c>, ztunnel's <c>NS/NAME</c>, or <c>none</c>
    /// (no ALLOW rule matched; ztunnel: "allow policies exist, but none allowed").
    /// </summary>
    public static string? DeniedBy(string line) => RbacPolicy().Match(line) is { Success: true } m
        ? m.Groups[3].Success ? "none" : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value
        : null;

    private static LogSignature Sig(string id, LogSymptom symptom, string pattern, string meaning) =>
        new(id, symptom, new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant), meaning);
}
