namespace MeshBot.Diagnosis.Findings;

/// <summary>
/// Everything the engine can say, with stable codes. Codes are never reused: retire an entry by leaving
/// it here and no longer emitting it. MB00xx control plane, MB01xx sidecars, MB02xx client/server TLS,
/// MB03xx platform namespaces, MB04xx certificates, MB05xx injection webhook, MB06xx proxy logs.
/// </summary>
public static class Catalogue
{
    public static readonly FindingCode IstiodMissing = new("MB0001", "IstiodMissing", Severity.Critical, "No istiod Deployment in {0}.");
    public static readonly FindingCode IstiodNotReady = new("MB0002", "IstiodNotReady", Severity.Critical, "{0} has {1}/{2} replicas ready.");
    public static readonly FindingCode IstiodNoEndpoints = new("MB0003", "IstiodNoEndpoints", Severity.Critical, "{0} has no ready endpoints: istiod is unreachable.");
    public static readonly FindingCode HelmReleaseNotReady = new("MB0004", "HelmReleaseNotReady", Severity.Warning, "{0} is not Ready ({1}): {2}");

    public static readonly FindingCode PodMissingSidecar = new("MB0101", "PodMissingSidecar", Severity.Critical, "{0} runs without the istio-proxy sidecar (injection today: {1}).");
    public static readonly FindingCode NamespaceNotInjected = new("MB0102", "NamespaceNotInjected", Severity.Warning, "Namespace {0} is not enabled for injection: {1}.");
    public static readonly FindingCode PodOptedOut = new("MB0103", "PodOptedOut", Severity.Warning, "{0} opts its pods out of injection with {1}.");
    public static readonly FindingCode PodPredatesInjection = new("MB0104", "PodPredatesInjection", Severity.Warning, "{0} should have a sidecar ({1}) but was created without one: before injection was enabled, or while the injector was unavailable.");
    public static readonly FindingCode NativeSidecar = new("MB0105", "NativeSidecar", Severity.Info, "{0} runs istio-proxy as a native sidecar (init container with restartPolicy: Always).");
    public static readonly FindingCode WorkloadWithoutPods = new("MB0106", "WorkloadWithoutPods", Severity.Warning, "{0} has no running pods to inspect.");
    public static readonly FindingCode AmbientPodNotRedirected = new("MB0107", "AmbientPodNotRedirected", Severity.Critical, "{0} is enrolled in the ambient data plane ({1}) but istio-cni has not redirected it to ztunnel (ambient.istio.io/redirection: {2}): its traffic bypasses the mesh; check the istio-cni node agent and ztunnel on node {3}.");
    public static readonly FindingCode AmbientNodeAgentNotReady = new("MB0108", "AmbientNodeAgentNotReady", Severity.Critical, "No ready {0} pod on node {1}, where {2} runs in the ambient data plane: the node agent that {3} is down there.");
    public static readonly FindingCode WaypointNotReady = new("MB0109", "WaypointNotReady", Severity.Critical, "{0} sends its traffic through waypoint {1}, which has no ready pod ({2} found).");
    public static readonly FindingCode L7PolicyWithoutWaypoint = new("MB0110", "L7PolicyWithoutWaypoint", Severity.Warning, "{0} uses {1} for {2}, which has no waypoint: ztunnel cannot evaluate HTTP attributes, {3}. Deploy a waypoint (a Gateway of class istio-waypoint, istio.io/use-waypoint on the Service) and attach the policy with targetRefs.");

    public static readonly FindingCode PlaintextToStrict = new("MB0201", "PlaintextToStrict", Severity.Critical, "{0} sends plaintext to {1}, whose sidecar is STRICT on port {2}: {3}.");
    public static readonly FindingCode IstioMutualToDisable = new("MB0202", "IstioMutualToDisable", Severity.Critical, "{0} forces ISTIO_MUTUAL toward {1}, whose sidecar is DISABLE on port {2}: {3}.");
    public static readonly FindingCode TlsWithoutIstioCertificate = new("MB0203", "TlsWithoutIstioCertificate", Severity.Critical, "{0} originates {1} toward {2}, which only accepts Istio mTLS on port {3}: {4}.");
    public static readonly FindingCode DestinationRuleHidesTls = new("MB0204", "DestinationRuleHidesTls", Severity.Info, "{0} matches {1} without setting tls, hiding any rule at a lower level.");
    public static readonly FindingCode PlaintextToAmbientStrict = new("MB0205", "PlaintextToAmbientStrict", Severity.Critical, "{0} sends plaintext to {1}, whose node's ztunnel enforces STRICT on port {2}: {3}.");

    public static readonly FindingCode PlaintextClientToStrict = new("MB0301", "PlaintextClientToStrict", Severity.Critical, "{0} has no sidecar and sends plaintext to {1}, which is STRICT on container port {2}.");
    public static readonly FindingCode IstioMutualToNonMesh = new("MB0302", "IstioMutualToNonMesh", Severity.Critical, "{0} forces ISTIO_MUTUAL toward {1}, which has no sidecar.");
    public static readonly FindingCode PeerIdentityNeedsMtls = new("MB0303", "PeerIdentityNeedsMtls", Severity.Warning, "{0} matches callers by principal or namespace, which plaintext callers such as {1} never have: their requests are denied.");

    public static readonly FindingCode CaExpired = new("MB0401", "CaExpired", Severity.Critical, "CA certificate {0} in {1} expired on {2:u}.");
    public static readonly FindingCode CaNotYetValid = new("MB0402", "CaNotYetValid", Severity.Critical, "CA certificate {0} in {1} is not valid before {2:u}.");
    public static readonly FindingCode CaNotCertificateAuthority = new("MB0403", "CaNotCertificateAuthority", Severity.Critical, "Certificate {0} in {1} is not a CA (basicConstraints CA:FALSE or missing).");
    public static readonly FindingCode CaChainBroken = new("MB0404", "CaChainBroken", Severity.Critical, "{0}: {1} does not chain to its root {2}: {3}.");
    public static readonly FindingCode RootCertMismatch = new("MB0405", "RootCertMismatch", Severity.Critical, "{0} holds root {1}, but the CA's root is {2}.");
    public static readonly FindingCode CertificateErrorsInLogs = new("MB0406", "CertificateErrorsInLogs", Severity.Warning, "{0} logs certificate errors ({1} lines), e.g. {2}");
    public static readonly FindingCode CaSecretUnavailable = new("MB0407", "CaSecretUnavailable", Severity.Warning, "Neither {0} nor {1} could be read in {2}: {3}.");
    public static readonly FindingCode CaExpiresSoon = new("MB0408", "CaExpiresSoon", Severity.Warning, "CA certificate {0} in {1} expires on {2:u}, in {3} days.");
    public static readonly FindingCode RootCertMissing = new("MB0409", "RootCertMissing", Severity.Critical, "Namespace {0} has no istio-ca-root-cert ConfigMap: its sidecars cannot mount the root certificate.");
    public static readonly FindingCode RootCertMismatchElsewhere = new("MB0410", "RootCertMismatchElsewhere", Severity.Warning, "{0} other namespaces hold a root certificate that differs from the CA's: {1}.");
    public static readonly FindingCode CaSecretUnreadable = new("MB0411", "CaSecretUnreadable", Severity.Warning, "{0} is present, but its certificates cannot be read: {1}.");

    public static readonly FindingCode InjectorWebhookMissing = new("MB0501", "InjectorWebhookMissing", Severity.Critical, "No sidecar injector MutatingWebhookConfiguration for revision {0} ({1}).");
    public static readonly FindingCode InjectorNoEndpoints = new("MB0502", "InjectorNoEndpoints", Severity.Critical, "Webhook {0} calls {1}, which has no ready endpoints.");
    public static readonly FindingCode InjectorCaBundleEmpty = new("MB0503", "InjectorCaBundleEmpty", Severity.Critical, "Webhook {0} in {1} has an empty caBundle: the API server cannot verify istiod.");
    public static readonly FindingCode WebhookCallFailed = new("MB0504", "WebhookCallFailed", Severity.Critical, "{0} reports {1}× \"{2}\".");
    public static readonly FindingCode WebhookFailsOpen = new("MB0505", "WebhookFailsOpen", Severity.Info, "Webhook {0} has failurePolicy Ignore: while it is down, pods start without sidecars instead of failing.");
    public static readonly FindingCode InjectorServiceMissing = new("MB0506", "InjectorServiceMissing", Severity.Critical, "Webhook {0} calls {1}, which does not exist.");

    public static readonly FindingCode TlsErrorsInLogs = new("MB0601", "TlsErrorsInLogs", Severity.Warning, "{0} logs TLS handshake failures ({1} lines), e.g. {2}");
    public static readonly FindingCode PlaintextRejectedInLogs = new("MB0602", "PlaintextRejectedInLogs", Severity.Warning, "{0} rejects plaintext connections ({1} lines of filter_chain_not_found): a caller without mTLS meets a STRICT port.");
    public static readonly FindingCode RbacDeniedInLogs = new("MB0603", "RbacDeniedInLogs", Severity.Warning, "{0} denies requests by AuthorizationPolicy ({1} lines, {2}).");
    public static readonly FindingCode LogUnavailable = new("MB0604", "LogUnavailable", Severity.Info, "The log of {0} could not be read: {1}.");
    public static readonly FindingCode ConnectionResetInLogs = new("MB0605", "ConnectionResetInLogs", Severity.Warning, "{0} sees upstream connections reset ({1} lines), e.g. {2}");

    public static IEnumerable<FindingCode> All =>
        typeof(Catalogue).GetFields().Where(f => f.FieldType == typeof(FindingCode)).Select(f => (FindingCode)f.GetValue(null)!);
}
