using System.Globalization;
using MeshBot.Cluster;
using MeshBot.Diagnosis.Findings;
using MeshBot.Diagnosis.Logs;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Cluster.Kinds;

namespace MeshBot.Diagnosis.Checks.Platform;

/// <summary>
/// Branch 3: one end is in a platform namespace (no injection). The two directions need opposite fixes:
/// a non-mesh client toward a STRICT server needs a server-side port-level PERMISSIVE PeerAuthentication
/// (a DestinationRule cannot help: the client has no sidecar to apply it); a mesh client toward a
/// non-mesh server needs its DestinationRule to stop forcing ISTIO_MUTUAL. A server in the ambient data plane is in
/// the mesh too: its node's ztunnel enforces STRICT toward plaintext callers, and the same port-level PERMISSIVE
/// PeerAuthentication is the fix (istiod translates portLevelMtls for ztunnel).
/// </summary>
internal sealed class PlatformNamespaceCheck : ICheck
{
    public Branch Branch => Branch.PlatformNamespace;
    public string Name => "PlatformNamespace";
    public string Description => "Traffic between a platform namespace and the mesh uses a TLS mode both ends accept.";
    public IReadOnlyList<ResourceKind> Reads =>
        [ResourceKinds.PeerAuthentication, ResourceKinds.DestinationRule, ResourceKinds.AuthorizationPolicy, ResourceKinds.ContainerLog];

    public CheckOutcome Run(CheckContext context)
    {
        var outcome = new OutcomeBuilder(this);
        var server = context.Path.Server;
        var client = context.Path.Client;

        if (client is null)
        {
            return WithoutSource(context, outcome);
        }
        if (client.IsPlatform == server.IsPlatform)
        {
            return outcome.Skipped(client.IsPlatform ? "both ends are in platform namespaces, outside the mesh" : "neither end is in a platform namespace");
        }
        if (client.IsPlatform && (server.Meshed || server.InAmbient))
        {
            return client.InAmbient
                ? outcome.Inconclusive($"{client.Name} is in the ambient data plane: its ztunnel, not a sidecar, originates its traffic; check the pair with istioctl ztunnel-config workloads")
                : PlaintextClient(context, outcome, client, server);
        }
        if (server.IsPlatform && client.Meshed && !server.Meshed)
        {
            return MeshClient(context, outcome, client, server);
        }
        return outcome.Skipped("the end outside the platform namespaces has no sidecar: see sidecar-missing");
    }

    private static CheckOutcome PlaintextClient(CheckContext context, OutcomeBuilder outcome, PathEnd client, PathEnd server)
    {
        var root = context.Options.RootNamespace;
        if (CheckContext.Unread(context.PeerAuthentications, server.Namespace.Name, root) is [_, ..] policies)
        {
            return outcome.Unread(policies).Inconclusive($"whether {server.Name} accepts plaintext could not be decided: {UnreadInput.Explain(policies)}");
        }
        outcome.Evidence(Kubectl.JsonPath("pod", client.Namespace.Name, client.Pods.FirstOrDefault()?.Name ?? client.Name, "{.spec.containers[*].name}"),
            $"{client.Name} is in platform namespace {client.Namespace.Name} and runs no sidecar: it sends plaintext, and no DestinationRule can change that");

        var strict = new List<string>();
        var identityPolicies = new List<string>();
        var ambient = !server.Meshed;
        foreach (var unit in server.Units)
        {
            foreach (var port in unit.Ports)
            {
                var mode = context.PeerAuthentication.Resolve(unit.Namespace, unit.Labels, port.ContainerPort);
                outcome.Evidence(Kubectl.Get("peerauthentication", null, output: "-A"), $"{unit.Reference} {port.Describe()}: {(ambient ? AmbientPeerAuthentication.Explain(mode) : mode.Explain())}");
                if ((ambient ? AmbientPeerAuthentication.Enforced(mode.Mode) : mode.Mode) == MtlsMode.Strict)
                {
                    var containerPort = port.ContainerPort;
                    strict.Add($"{unit.Reference} {port.Describe()}");
                    outcome.Finding(Catalogue.PlaintextClientToStrict, unit.Reference, client.Name, unit.Reference,
                        containerPort?.ToString(CultureInfo.InvariantCulture) ?? "(all ports)");
                    if (containerPort is { } p)
                    {
                        var selector = unit.Controller?.Selector.MatchLabels is { Count: > 0 } matchLabels ? matchLabels : unit.Labels;
                        outcome.Need(new AllowPlaintextOnPort(unit.Namespace, unit.Name, selector, p, mode.Workload?.Name,
                            $"{client.Name} has no sidecar, so only the server can change: accept plaintext on container port {p} only. A DestinationRule does nothing here: DestinationRules are applied by the client's sidecar, and {client.Name} has none."));
                    }
                }
            }
            identityPolicies.AddRange(context.AuthorizationPolicies.InNamespace(unit.Namespace)
                .Concat(context.AuthorizationPolicies.InNamespace(context.Options.RootNamespace))
                .Where(a => a.Action == "ALLOW" && a.NeedsPeerIdentity && (a.Selector is null || PolicyOrder.IsSubsetOf(a.Selector, unit.Labels)))
                .Select(a => a.Reference));
        }

        foreach (var policy in identityPolicies.Distinct())
        {
            outcome.Evidence(Kubectl.Get("authorizationpolicy", server.Namespace.Name, output: "yaml"), $"{policy} allows callers by principal or namespace")
                .Finding(Catalogue.PeerIdentityNeedsMtls, policy, policy, client.Name);
        }

        if (strict.Count > 0)
        {
            return outcome.Confirmed($"{client.Name} has no sidecar and sends plaintext to {string.Join(", ", strict)}, which is STRICT");
        }
        // AuthorizationPolicies matter only once plaintext gets through: unread, they leave that open.
        if (identityPolicies.Count == 0 && CheckContext.Unread(context.AuthorizationPolicies, server.Namespace.Name, root) is [_, ..] authorization)
        {
            return outcome.Unread(authorization).Inconclusive($"{server.Name} accepts plaintext, but whether an AuthorizationPolicy then denies {client.Name} could not be read: {UnreadInput.Explain(authorization)}");
        }
        return identityPolicies.Count > 0
            ? outcome.Inconclusive($"the server accepts plaintext, but {string.Join(", ", identityPolicies.Distinct())} only allows callers with an mTLS identity, which {client.Name} never has; next: kubectl get authorizationpolicy -n {server.Namespace.Name} -o yaml")
            : outcome.RuledOut($"{server.Name} accepts plaintext from {client.Name} on every port on the path");
    }

    private static CheckOutcome MeshClient(CheckContext context, OutcomeBuilder outcome, PathEnd client, PathEnd server)
    {
        if (CheckContext.Unread(context.DestinationRuleList, client.Namespace.Name, server.Namespace.Name, context.Options.RootNamespace) is [_, ..] rules)
        {
            return outcome.Unread(rules).Inconclusive($"the TLS {client.Name} originates toward {server.Name} could not be decided: {UnreadInput.Explain(rules)}");
        }
        var broken = new List<string>();
        foreach (var unit in server.Units)
        {
            foreach (var port in unit.Ports.Where(p => p.Service is not null))
            {
                var host = port.Service!.Host(MeshOptions.ClusterDomain);
                var rule = context.DestinationRules.Resolve(client.Namespace.Name, client.ClientLabels, host, unit.Namespace, port.ServicePort);
                var origination = TlsCompatibility.Originate(true, rule, unit.EndpointsIstioLabelled, MtlsMode.Disable);
                var accepted = TlsCompatibility.Accepts(origination, serverHasSidecar: false, MtlsMode.Disable);
                outcome.Evidence(Kubectl.Get("destinationrule", client.Namespace.Name, rule.Rule?.Name, "yaml"), $"{rule.Explain()}; {origination.Why}");
                if (accepted.Works)
                {
                    continue;
                }
                broken.Add($"{host} {port.Describe()}");
                outcome.Finding(Catalogue.IstioMutualToNonMesh, rule.Rule!.Reference, rule.Rule.Reference, unit.Reference)
                    .Need(Tls.TlsFix.For(rule, client.Namespace.Name, TlsMode.Disable,
                        $"{server.Name} has no sidecar and cannot terminate Istio mTLS; the client's sidecar must send plaintext to {host}"));
            }
        }

        return broken.Count > 0
            ? outcome.Confirmed($"{client.Name} forces ISTIO_MUTUAL toward {server.Name}, which has no sidecar ({string.Join(", ", broken)})")
            : outcome.RuledOut($"{client.Name} sends plaintext to {server.Name} (auto mTLS), which it accepts");
    }

    private static CheckOutcome WithoutSource(CheckContext context, OutcomeBuilder outcome)
    {
        var server = context.Path.Server;
        if (server.IsPlatform)
        {
            return outcome.Skipped($"{server.Name} is in a platform namespace; name the meshed caller with --from to check it");
        }

        var rejected = server.Pods.Where(p => p.HasSidecar)
            .Select(p => new Cluster.Sources.ContainerRef(p.Namespace ?? "", p.Name, Cluster.Kinds.Pod.ProxyContainer))
            .SelectMany(c => context.Logs.Matches(c).Where(m => m.Signature.Symptom == LogSymptom.PlaintextRejected).Select(m => (c, m)))
            .ToArray();
        if (rejected.Length == 0)
        {
            return outcome.Skipped("no source given and no plaintext caller rejected in the server's proxy logs; pass --from to check a caller");
        }

        var (container, match) = rejected[0];
        outcome.Evidence(Kubectl.Logs(container.Namespace, container.Pod, container.Container, PathLogs.TailLines, "filter_chain_not_found"), match.Line);
        return outcome.Inconclusive($"{server.Name}'s sidecar rejects plaintext callers ({rejected.Length} log lines of filter_chain_not_found); name the caller with --from to find which one and how to fix it");
    }
}
