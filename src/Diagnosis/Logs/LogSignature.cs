using System.Text.RegularExpressions;

namespace MeshBot.Diagnosis.Logs;

public enum LogSymptom
{
    Certificate,
    TlsHandshake,
    PlaintextRejected,
    ConnectionReset,
    RbacDenied,
    WebhookFailure,
}

/// <summary>A known log line shape from istio-proxy (Envoy, pilot-agent) or istiod, and what it means.</summary>
public sealed record LogSignature(string Id, LogSymptom Symptom, Regex Pattern, string Meaning);

public sealed record LogMatch(LogSignature Signature, string Line);
