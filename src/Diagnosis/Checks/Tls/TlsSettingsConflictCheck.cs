using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Checks.Tls;

/// <summary>
/// Branch 2: both ends are meshed and their TLS settings disagree: the server's effective
/// PeerAuthentication is STRICT while a DestinationRule visible to the client sets DISABLE or SIMPLE, or
/// the server is DISABLE while the client's rule forces ISTIO_MUTUAL. Without a source, every namespace
/// whose own rule for the server's host would break is reported. A server in ambient is checked too: a client sidecar
/// sends it HBONE mTLS unless its rule sets DISABLE (or SIMPLE/MUTUAL), which the server's ztunnel rejects when STRICT.
/// </summary>
internal sealed class TlsSettingsConflictCheck : ICheck
{
    public Branch Branch => Branch.CrossNamespace;
    public string Name => "TlsSettingsConflict";
    public string Description => "The client's DestinationRule TLS and the server's PeerAuthentication agree for every port on the path.";
    public IReadOnlyList<ResourceKind> Reads => [ResourceKinds.PeerAuthentication, ResourceKinds.DestinationRule];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var server = context.Path.Server;
        var client = context.Path.Client;
        var ambientServer = !server.Meshed && server.CarriedByZtunnel;
        if (ambientServer && client is not null && client.InAmbient)
        {
            return outcome.Skipped("both ends are in ambient: ztunnel carries HBONE mTLS and applies no DestinationRule TLS");
        }
        if ((!server.Meshed && !ambientServer) || (client is not null && !client.Meshed))
        {
            return outcome.Skipped("one end of the path has no sidecar, so the sidecars' TLS settings cannot disagree");
        }
        // Policy levels that were not read could hold the rule that decides: no verdict either way without them.
        var root = context.Options.RootNamespace;
        var unread = CheckContext.Unread(context.PeerAuthentications, server.Namespace.Name, root)
            .Concat(CheckContext.Unread(context.DestinationRuleList, client?.Namespace.Name ?? server.Namespace.Name, server.Namespace.Name, root))
            .ToArray();
        if (unread.Length > 0)
        {
            return outcome.Unread(unread).Inconclusive($"the TLS settings on the path could not be compared: {UnreadInput.Explain(unread)}");
        }

        var conflicts = new List<string>();
        foreach (var unit in server.Units)
        {
            foreach (var port in unit.Ports.Where(p => p.Service is not null))
            {
                var host = port.Service!.Host(MeshOptions.ClusterDomain);
                var mode = context.PeerAuthentication.Resolve(unit.Namespace, unit.Labels, port.ContainerPort);
                outcome.Evidence(Kubectl.Get("peerauthentication", null, output: "-A"), $"{unit.Reference} {port.Describe()}: {(ambientServer ? AmbientPeerAuthentication.Explain(mode) : mode.Explain())}");

                var clients = client is null
                    ? AffectedNamespaces(context, host, unit.Namespace).Select(ns => (Namespace: ns, Labels: (IReadOnlyDictionary<string, string>?)null, Name: ClientsIn(context, ns, unit.Namespace)))
                    : [(client.Namespace.Name, client.ClientLabels, client.Name)];

                foreach (var (clientNs, labels, name) in clients)
                {
                    var rule = context.DestinationRules.Resolve(clientNs, labels, host, unit.Namespace, port.ServicePort);
                    var (origination, accepted) = ambientServer ? TowardAmbient(rule, mode.Mode) : TowardSidecar(rule, unit, mode.Mode);
                    if (client is not null || rule.Rule is not null)
                    {
                        outcome.Evidence(Kubectl.Get("destinationrule", clientNs, rule.Rule?.Name, "yaml"), $"from {clientNs}: {rule.Explain()}");
                    }
                    if (accepted.Works)
                    {
                        continue;
                    }

                    conflicts.Add($"{name} → {unit.Reference} {port.Describe()}");
                    Report(outcome, rule, origination, mode, name, unit.Reference, port, accepted.Why, clientNs, ambientServer);
                }
            }
        }

        if (conflicts.Count > 0)
        {
            var scope = client is not null && client.Namespace.Name == server.Namespace.Name ? " (same namespace)" : "";
            return outcome.Confirmed($"TLS settings disagree{scope}: {string.Join("; ", conflicts)}");
        }
        return client is null
            ? outcome.RuledOut($"no namespace's DestinationRule for {server.Name} contradicts its PeerAuthentication")
            : outcome.RuledOut($"{client.Name} and {server.Name} agree on TLS for every port");
    }

    private static void Report(OutcomeBuilder outcome, EffectiveDestinationRule rule, ClientOrigination origination, EffectivePeerAuthentication mode, string client, string server, PathPort port, string why, string clientNs, bool ambientServer)
    {
        var ruleRef = rule.Rule?.Reference ?? "auto mTLS";
        var portText = port.ContainerPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        switch (origination.Origination)
        {
            case Origination.Plaintext:
                outcome.Finding(ambientServer ? Catalogue.PlaintextToAmbientStrict : Catalogue.PlaintextToStrict, ruleRef, client, server, portText, origination.Why);
                outcome.Need(TlsFix.For(rule, clientNs, TlsMode.IstioMutual, $"{server} is STRICT ({mode.DecidedBy?.Reference ?? "mesh default"}); the client must send Istio mTLS"));
                break;
            case Origination.IstioMutual:
                outcome.Finding(Catalogue.IstioMutualToDisable, ruleRef, ruleRef, server, portText, why);
                outcome.Need(TlsFix.For(rule, clientNs, TlsMode.Disable, $"{server} is DISABLE ({mode.DecidedBy?.Reference}); the client must send plaintext"));
                break;
            default:
                outcome.Finding(Catalogue.TlsWithoutIstioCertificate, ruleRef, ruleRef, TlsCompatibility.Describe(origination.Origination), server, portText, why);
                outcome.Need(TlsFix.For(rule, clientNs, TlsMode.IstioMutual, $"{server} accepts only Istio mTLS"));
                break;
        }
    }

    private static (ClientOrigination, Compatibility) TowardSidecar(EffectiveDestinationRule rule, WorkloadUnit unit, MtlsMode mode)
    {
        var origination = TlsCompatibility.Originate(true, rule, unit.EndpointsIstioLabelled, mode);
        return (origination, TlsCompatibility.Accepts(origination, true, mode));
    }

    // A sidecar sends HBONE (Istio mTLS) to an ambient server unless its rule sets a TLS mode of its own; ztunnel enforces only STRICT.
    private static (ClientOrigination, Compatibility) TowardAmbient(EffectiveDestinationRule rule, MtlsMode mode)
    {
        var origination = rule.Tls switch
        {
            TlsMode.Disable => new ClientOrigination(Origination.Plaintext, $"{rule.Rule!.Reference} sets tls.mode DISABLE: the client sidecar sends plaintext to the ambient server"),
            TlsMode.Simple => new ClientOrigination(Origination.Simple, $"{rule.Rule!.Reference} sets tls.mode SIMPLE: the client sidecar sends TLS without an Istio client certificate"),
            TlsMode.Mutual => new ClientOrigination(Origination.Mutual, $"{rule.Rule!.Reference} sets tls.mode MUTUAL with user certificates"),
            _ => new ClientOrigination(Origination.IstioMutual, "the client sidecar sends HBONE mTLS to the ambient server"),
        };
        var rejected = AmbientPeerAuthentication.Enforced(mode) == MtlsMode.Strict && origination.Origination != Origination.IstioMutual;
        return (origination, rejected
            ? new Compatibility(false, "the server's ztunnel enforces STRICT and denies callers without an Istio mTLS identity")
            : new Compatibility(true, $"the server's ztunnel accepts {TlsCompatibility.Describe(origination.Origination)}"));
    }

    private static string ClientsIn(CheckContext context, string ns, string serverNamespace) =>
        ns == serverNamespace || ns == context.Options.RootNamespace
            ? $"clients in {ns} (and in namespaces without a rule of their own)"
            : $"clients in {ns}";

    /// <summary>Namespaces that hold their own rule for the host (the only ones whose clients can differ from auto mTLS), plus the rule's exporters.</summary>
    private static IEnumerable<string> AffectedNamespaces(CheckContext context, string host, string serverNamespace) =>
        context.DestinationRules.MatchingAnywhere(host)
            .Select(r => r.Namespace ?? "")
            .Append(serverNamespace)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
}
