using System.Globalization;
using System.Text;
using System.Text.Json;
using MeshBot.Bot.Demo.Scenarios;

namespace MeshBot.Bench;

/// <summary>Sizes of a generated cluster.</summary>
internal sealed record ClusterShape(int Namespaces, int PodsPerNamespace, int Policies)
{
    public static readonly ClusterShape Target = new(1000, 10, 3000);
    public const int PlatformNamespaces = 5;
}

/// <summary>
/// Writes a synthetic cluster as a snapshot: one <c>kubectl get -o json</c> List per kind (or YAML), with injected
/// and uninjected namespaces, three Deployments per namespace (4+3+3 pods, sidecars where injected),
/// PeerAuthentications at mesh, namespace and workload level (some with port-level overrides),
/// DestinationRules (exact, wildcard, exported and private), AuthorizationPolicies, a real CA and logs
/// for the pods around the diagnosed path. Deterministic for a given shape.
/// </summary>
internal sealed class SyntheticCluster(ClusterShape shape)
{
    private static readonly string[] Platform = ["monitoring", "logging", "kube-system", "cert-manager", "flux-system"];
    private static readonly DateTimeOffset Created = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(42);
    private int _uid;

    public static string Ns(int i) => $"ns-{i:D4}";

    public IReadOnlyList<string> NamespaceNames =>
        Enumerable.Range(0, shape.Namespaces - ClusterShape.PlatformNamespaces).Select(Ns).Concat(Platform).ToArray();

    public int Write(string dir, bool yaml)
    {
        Directory.CreateDirectory(dir);
        var root = ScenarioCertificates.Create("istio-ca", true, CertificateValidity.Valid, null, DateTimeOffset.UtcNow);
        var files = new Dictionary<string, Action<Utf8JsonWriter>>
        {
            ["namespaces"] = w => List(w, "v1", "NamespaceList", NamespaceNames.Append("istio-system"), (w, ns) => Namespace(w, ns)),
            ["pods"] = w => List(w, "v1", "PodList", Workloads(), (w, x) => { for (var r = 0; r < x.Replicas; r++) Pod(w, x, r); }),
            ["replicasets"] = w => List(w, "apps/v1", "ReplicaSetList", Workloads(), ReplicaSet),
            ["deployments"] = w => List(w, "apps/v1", "DeploymentList", Workloads(), Deployment),
            ["services"] = w => List(w, "v1", "ServiceList", Workloads(), Service),
            ["endpoints"] = w => List(w, "v1", "EndpointsList", Workloads(), Endpoints),
            ["serviceaccounts"] = w => List(w, "v1", "ServiceAccountList", Workloads(), ServiceAccount),
            ["configmaps"] = w => List(w, "v1", "ConfigMapList", NamespaceNames.Append("istio-system"), (w, ns) => RootCert(w, ns, root.CertificatePem)),
            ["peerauthentications"] = w => List(w, "security.istio.io/v1", "PeerAuthenticationList", PeerAuthentications(), (w, write) => write(w)),
            ["destinationrules"] = w => List(w, "networking.istio.io/v1", "DestinationRuleList", DestinationRules(), (w, write) => write(w)),
            ["authorizationpolicies"] = w => List(w, "security.istio.io/v1", "AuthorizationPolicyList", AuthorizationPolicies(), (w, write) => write(w)),
            ["istiod-deployment"] = w => List(w, "apps/v1", "DeploymentList", [Istiod], Deployment),
            ["istiod-service"] = w => List(w, "v1", "ServiceList", [Istiod], Service),
            ["istiod-endpoints"] = w => List(w, "v1", "EndpointsList", [Istiod], Endpoints),
            ["istio-ca"] = w => List(w, "v1", "SecretList", [root], CaSecret),
            ["injector"] = w => List(w, "admissionregistration.k8s.io/v1", "MutatingWebhookConfigurationList", [root], Injector),
        };

        foreach (var (name, write) in files)
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                write(writer);
            }
            var path = Path.Combine(dir, name + (yaml ? ".yaml" : ".json"));
            if (yaml)
            {
                File.WriteAllText(path, JsonToYaml.Convert(buffer.ToArray()));
            }
            else
            {
                File.WriteAllBytes(path, buffer.ToArray());
            }
        }
        WriteLogs(dir);
        return PolicyCount;
    }

    private int PolicyCount { get; set; }

    private sealed record WorkloadSpec(string Namespace, string Name, int Replicas, bool Injected, int Port, string Hash);

    private IEnumerable<WorkloadSpec> Workloads()
    {
        var names = NamespaceNames;
        for (var n = 0; n < names.Count; n++)
        {
            var injected = !Platform.Contains(names[n]) && n % 10 != 9;
            var sizes = Split(shape.PodsPerNamespace);
            for (var d = 0; d < sizes.Length; d++)
            {
                yield return new WorkloadSpec(names[n], $"app-{d}", sizes[d], injected, 8080 + d, $"{(n * 7919 + d * 104729) % 0xfffffff:x7}b");
            }
        }
    }

    private static int[] Split(int pods) => pods >= 3 ? [pods - 2 * (pods / 3), pods / 3, pods / 3] : [pods];

    private string Uid() => $"00000000-0000-4000-8000-{++_uid:D12}";

    private void Meta(Utf8JsonWriter w, string name, string? ns, Action<Utf8JsonWriter>? labels = null, Action<Utf8JsonWriter>? extra = null)
    {
        w.WriteStartObject("metadata");
        w.WriteString("name", name);
        if (ns is not null)
        {
            w.WriteString("namespace", ns);
        }
        w.WriteString("uid", Uid());
        w.WriteString("resourceVersion", _uid.ToString(CultureInfo.InvariantCulture));
        w.WriteString("creationTimestamp", Created.AddMinutes(_uid % 5000).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        if (labels is not null)
        {
            w.WriteStartObject("labels");
            labels(w);
            w.WriteEndObject();
        }
        extra?.Invoke(w);
        w.WriteEndObject();
    }

    private static void List<T>(Utf8JsonWriter w, string apiVersion, string kind, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", apiVersion);
        w.WriteString("kind", kind);
        w.WriteStartObject("metadata");
        w.WriteString("resourceVersion", "123456");
        w.WriteEndObject();
        w.WriteStartArray("items");
        foreach (var item in items)
        {
            write(w, item);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void Namespace(Utf8JsonWriter w, string ns)
    {
        w.WriteStartObject();
        Meta(w, ns, null, l =>
        {
            l.WriteString("kubernetes.io/metadata.name", ns);
            var index = ns.StartsWith("ns-", StringComparison.Ordinal) ? int.Parse(ns[3..], CultureInfo.InvariantCulture) : -1;
            if (index >= 0 && index % 10 != 9)
            {
                if (index % 10 == 3)
                {
                    l.WriteString("istio.io/rev", "default");
                }
                else
                {
                    l.WriteString("istio-injection", "enabled");
                }
            }
        });
        w.WriteStartObject("spec");
        w.WriteStartArray("finalizers");
        w.WriteStringValue("kubernetes");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("status");
        w.WriteString("phase", "Active");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Pod(Utf8JsonWriter w, WorkloadSpec x, int replica)
    {
        var name = $"{x.Name}-{x.Hash}-{replica:D5}";
        w.WriteStartObject();
        Meta(w, name, x.Namespace,
            l =>
            {
                l.WriteString("app", x.Name);
                l.WriteString("version", "v1");
                l.WriteString("pod-template-hash", x.Hash);
                if (x.Injected)
                {
                    l.WriteString("security.istio.io/tlsMode", "istio");
                    l.WriteString("service.istio.io/canonical-name", x.Name);
                    l.WriteString("service.istio.io/canonical-revision", "v1");
                }
            },
            m =>
            {
                if (x.Injected)
                {
                    m.WriteStartObject("annotations");
                    m.WriteString("sidecar.istio.io/status", "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],\"volumes\":[\"workload-socket\",\"credential-socket\",\"workload-certs\",\"istio-envoy\",\"istio-data\",\"istio-podinfo\",\"istio-token\",\"istiod-ca-cert\"],\"imagePullSecrets\":null,\"revision\":\"default\"}");
                    m.WriteString("prometheus.io/path", "/stats/prometheus");
                    m.WriteString("prometheus.io/port", "15020");
                    m.WriteEndObject();
                }
                m.WriteStartArray("ownerReferences");
                m.WriteStartObject();
                m.WriteString("apiVersion", "apps/v1");
                m.WriteString("kind", "ReplicaSet");
                m.WriteString("name", $"{x.Name}-{x.Hash}");
                m.WriteString("uid", "rs-" + x.Hash);
                m.WriteBoolean("controller", true);
                m.WriteBoolean("blockOwnerDeletion", true);
                m.WriteEndObject();
                m.WriteEndArray();
            });
        w.WriteStartObject("spec");
        w.WriteString("serviceAccountName", x.Name);
        w.WriteString("nodeName", $"node-{_random.Next(50):D2}");
        w.WriteStartArray("containers");
        Container(w, x.Name, $"registry.example.com/{x.Name}:1.4.2", x.Port, "http", env: 4);
        if (x.Injected)
        {
            Container(w, "istio-proxy", "docker.io/istio/proxyv2:1.24.2", 15090, "http-envoy-prom", env: 14);
        }
        w.WriteEndArray();
        if (x.Injected)
        {
            w.WriteStartArray("initContainers");
            Container(w, "istio-init", "docker.io/istio/proxyv2:1.24.2", null, null, env: 0);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteStartObject("status");
        w.WriteString("phase", "Running");
        w.WriteString("podIP", $"10.{_uid % 250}.{_uid / 250 % 250}.{replica + 2}");
        w.WriteStartArray("conditions");
        foreach (var type in new[] { "Initialized", "Ready", "ContainersReady", "PodScheduled" })
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("status", "True");
            w.WriteString("lastTransitionTime", "2026-10-02T00:00:00Z");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("containerStatuses");
        foreach (var c in x.Injected ? new[] { x.Name, "istio-proxy" } : [x.Name])
        {
            w.WriteStartObject();
            w.WriteString("name", c);
            w.WriteBoolean("ready", true);
            w.WriteNumber("restartCount", 0);
            w.WriteBoolean("started", true);
            w.WriteString("image", c);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Container(Utf8JsonWriter w, string name, string image, int? port, string? portName, int env)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("image", image);
        if (port is { } p)
        {
            w.WriteStartArray("ports");
            w.WriteStartObject();
            w.WriteNumber("containerPort", p);
            w.WriteString("name", portName);
            w.WriteString("protocol", "TCP");
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartArray("env");
        for (var i = 0; i < env; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", $"ENV_{name.ToUpperInvariant().Replace('-', '_')}_{i}");
            w.WriteString("value", $"value-{i}");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("resources");
        w.WriteStartObject("requests");
        w.WriteString("cpu", "100m");
        w.WriteString("memory", "128Mi");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void ReplicaSet(Utf8JsonWriter w, WorkloadSpec x)
    {
        w.WriteStartObject();
        Meta(w, $"{x.Name}-{x.Hash}", x.Namespace, l => { l.WriteString("app", x.Name); l.WriteString("pod-template-hash", x.Hash); }, m =>
        {
            m.WriteStartArray("ownerReferences");
            m.WriteStartObject();
            m.WriteString("apiVersion", "apps/v1");
            m.WriteString("kind", "Deployment");
            m.WriteString("name", x.Name);
            m.WriteString("uid", "deploy-" + x.Hash);
            m.WriteBoolean("controller", true);
            m.WriteEndObject();
            m.WriteEndArray();
        });
        Selector(w, x);
        w.WriteStartObject("status");
        w.WriteNumber("replicas", x.Replicas);
        w.WriteNumber("readyReplicas", x.Replicas);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Deployment(Utf8JsonWriter w, WorkloadSpec x)
    {
        w.WriteStartObject();
        Meta(w, x.Name, x.Namespace, l => l.WriteString("app", x.Name));
        Selector(w, x);
        w.WriteStartObject("status");
        w.WriteNumber("replicas", x.Replicas);
        w.WriteNumber("readyReplicas", x.Replicas);
        w.WriteNumber("availableReplicas", x.Replicas);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Selector(Utf8JsonWriter w, WorkloadSpec x)
    {
        w.WriteStartObject("spec");
        w.WriteNumber("replicas", x.Replicas);
        w.WriteStartObject("selector");
        w.WriteStartObject("matchLabels");
        w.WriteString("app", x.Name);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("template");
        w.WriteStartObject("metadata");
        w.WriteStartObject("labels");
        w.WriteString("app", x.Name);
        w.WriteString("version", "v1");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Service(Utf8JsonWriter w, WorkloadSpec x)
    {
        w.WriteStartObject();
        Meta(w, x.Name, x.Namespace, l => l.WriteString("app", x.Name));
        w.WriteStartObject("spec");
        w.WriteString("clusterIP", $"10.96.{_uid % 250}.{_uid / 250 % 250}");
        w.WriteStartObject("selector");
        w.WriteString("app", x.Name);
        w.WriteEndObject();
        w.WriteStartArray("ports");
        w.WriteStartObject();
        w.WriteString("name", "http");
        w.WriteNumber("port", 80);
        w.WriteNumber("targetPort", x.Port);
        w.WriteString("protocol", "TCP");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Endpoints(Utf8JsonWriter w, WorkloadSpec x)
    {
        w.WriteStartObject();
        Meta(w, x.Name, x.Namespace);
        w.WriteStartArray("subsets");
        w.WriteStartObject();
        w.WriteStartArray("addresses");
        for (var r = 0; r < x.Replicas; r++)
        {
            w.WriteStartObject();
            w.WriteString("ip", $"10.1.{r}.{r + 2}");
            w.WriteStartObject("targetRef");
            w.WriteString("kind", "Pod");
            w.WriteString("name", $"{x.Name}-{x.Hash}-{r:D5}");
            w.WriteString("namespace", x.Namespace);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void ServiceAccount(Utf8JsonWriter w, WorkloadSpec x)
    {
        w.WriteStartObject();
        Meta(w, x.Name, x.Namespace);
        w.WriteEndObject();
    }

    private void RootCert(Utf8JsonWriter w, string ns, string pem)
    {
        w.WriteStartObject();
        Meta(w, "istio-ca-root-cert", ns, l => l.WriteString("istio.io/config", "true"));
        w.WriteStartObject("data");
        w.WriteString("root-cert.pem", pem);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private IEnumerable<Action<Utf8JsonWriter>> PeerAuthentications()
    {
        var names = NamespaceNames.Where(n => n.StartsWith("ns-", StringComparison.Ordinal)).ToArray();
        var budget = shape.Policies * 45 / 100;
        yield return w => Policy(w, "security.istio.io/v1", "PeerAuthentication", "istio-system", "default", null, "STRICT", null);
        var count = 1;
        for (var i = 0; count < budget && i < names.Length; i++)
        {
            var ns = names[i];
            if (i % 3 != 2)
            {
                count++;
                yield return w => Policy(w, "security.istio.io/v1", "PeerAuthentication", ns, "default", null, i % 7 == 0 ? "PERMISSIVE" : "STRICT", null);
            }
            if (count < budget)
            {
                count++;
                var app = i % 2 == 0 ? "app-0" : "app-1";
                var port = i % 4 == 0 ? 8080 : (int?)null;
                yield return w => Policy(w, "security.istio.io/v1", "PeerAuthentication", ns, $"{app}-strict", app, "STRICT", port);
            }
        }
        PolicyCount += count;
    }

    private IEnumerable<Action<Utf8JsonWriter>> DestinationRules()
    {
        var names = NamespaceNames.Where(n => n.StartsWith("ns-", StringComparison.Ordinal)).ToArray();
        var budget = shape.Policies * 45 / 100;
        for (var k = 0; k < budget; k++)
        {
            var ns = names[k % names.Length];
            var other = names[(k + 1) % names.Length];
            var (host, tls, exportTo) = (k % 5) switch
            {
                0 => ($"app-0.{other}.svc.cluster.local", "ISTIO_MUTUAL", (string?)null),
                1 => ($"*.{other}.svc.cluster.local", "ISTIO_MUTUAL", "."),
                2 => ($"app-1.{ns}.svc.cluster.local", "ISTIO_MUTUAL", "*"),
                3 => ($"app-2", (string?)null, (string?)null),
                _ => ($"app-2.{other}.svc.cluster.local", "SIMPLE", "."),
            };
            var name = $"dr-{k:D4}";
            yield return w => Rule(w, ns, name, host, tls, exportTo);
        }
        PolicyCount += budget;
    }

    private IEnumerable<Action<Utf8JsonWriter>> AuthorizationPolicies()
    {
        var names = NamespaceNames.Where(n => n.StartsWith("ns-", StringComparison.Ordinal)).ToArray();
        var budget = shape.Policies - shape.Policies * 45 / 100 * 2;
        for (var k = 0; k < budget; k++)
        {
            var ns = names[k * 3 % names.Length];
            var name = $"allow-{k:D4}";
            yield return w =>
            {
                w.WriteStartObject();
                w.WriteString("apiVersion", "security.istio.io/v1");
                w.WriteString("kind", "AuthorizationPolicy");
                Meta(w, name, ns);
                w.WriteStartObject("spec");
                w.WriteString("action", "ALLOW");
                w.WriteStartObject("selector");
                w.WriteStartObject("matchLabels");
                w.WriteString("app", "app-1");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartArray("rules");
                w.WriteStartObject();
                w.WriteStartArray("from");
                w.WriteStartObject();
                w.WriteStartObject("source");
                w.WriteStartArray("principals");
                w.WriteStringValue($"cluster.local/ns/{ns}/sa/app-0");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            };
        }
        PolicyCount += budget;
    }

    private void Policy(Utf8JsonWriter w, string apiVersion, string kind, string ns, string name, string? app, string mode, int? permissivePort)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", apiVersion);
        w.WriteString("kind", kind);
        Meta(w, name, ns);
        w.WriteStartObject("spec");
        if (app is not null)
        {
            w.WriteStartObject("selector");
            w.WriteStartObject("matchLabels");
            w.WriteString("app", app);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteStartObject("mtls");
        w.WriteString("mode", mode);
        w.WriteEndObject();
        if (permissivePort is { } port)
        {
            w.WriteStartObject("portLevelMtls");
            w.WriteStartObject(port.ToString(CultureInfo.InvariantCulture));
            w.WriteString("mode", "PERMISSIVE");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void Rule(Utf8JsonWriter w, string ns, string name, string host, string? tls, string? exportTo)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", "networking.istio.io/v1");
        w.WriteString("kind", "DestinationRule");
        Meta(w, name, ns);
        w.WriteStartObject("spec");
        w.WriteString("host", host);
        if (exportTo is not null)
        {
            w.WriteStartArray("exportTo");
            w.WriteStringValue(exportTo);
            w.WriteEndArray();
        }
        w.WriteStartObject("trafficPolicy");
        if (tls is not null)
        {
            w.WriteStartObject("tls");
            w.WriteString("mode", tls);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartObject("connectionPool");
            w.WriteStartObject("tcp");
            w.WriteNumber("maxConnections", 100);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static readonly WorkloadSpec Istiod = new("istio-system", "istiod", 2, false, 15017, "5d9c8b7f6b");

    private void CaSecret(Utf8JsonWriter x, GeneratedCertificate root)
    {
        x.WriteStartObject();
        Meta(x, "istio-ca-secret", "istio-system");
        x.WriteString("type", "istio.io/ca-root");
        x.WriteStartObject("data");
        x.WriteString("ca-cert.pem", Convert.ToBase64String(Encoding.UTF8.GetBytes(root.CertificatePem)));
        x.WriteString("ca-key.pem", Convert.ToBase64String(Encoding.UTF8.GetBytes(root.PrivateKeyPem)));
        x.WriteEndObject();
        x.WriteEndObject();
    }

    private void Injector(Utf8JsonWriter x, GeneratedCertificate root)
    {
        x.WriteStartObject();
        Meta(x, "istio-sidecar-injector", null, l => l.WriteString("istio.io/rev", "default"));
        x.WriteStartArray("webhooks");
        foreach (var hook in new[] { "rev.namespace.sidecar-injector.istio.io", "namespace.sidecar-injector.istio.io" })
        {
            x.WriteStartObject();
            x.WriteString("name", hook);
            x.WriteStartObject("clientConfig");
            x.WriteStartObject("service");
            x.WriteString("name", "istiod");
            x.WriteString("namespace", "istio-system");
            x.WriteString("path", "/inject");
            x.WriteNumber("port", 443);
            x.WriteEndObject();
            x.WriteString("caBundle", Convert.ToBase64String(Encoding.UTF8.GetBytes(root.CertificatePem)));
            x.WriteEndObject();
            x.WriteString("failurePolicy", "Fail");
            x.WriteEndObject();
        }
        x.WriteEndArray();
        x.WriteEndObject();
    }

    private void WriteLogs(string dir)
    {
        var around = Enumerable.Range(shape.Namespaces / 2 - 10, 20).Select(Ns);
        foreach (var ns in around)
        {
            foreach (var x in Workloads().Where(x => x.Namespace == ns && x.Injected))
            {
                var pod = $"{x.Name}-{x.Hash}-00000";
                var path = Path.Combine(dir, "logs", ns, pod, "istio-proxy.log");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllLines(path, Enumerable.Range(0, 500).Select(i =>
                    $"[2026-11-22T08:{i / 60 % 60:D2}:{i % 60:D2}.000Z] \"GET /api/v1/items/{i} HTTP/1.1\" 200 - via_upstream - \"-\" 0 {100 + i} 3 2 \"-\" \"client/1.0\" \"{i:x8}-0000\" \"{x.Name}.{ns}:80\" \"10.1.0.2:{x.Port}\" inbound|{x.Port}|| 127.0.0.6:41234 10.1.0.2:{x.Port} 10.1.0.9:50000 outbound_.80_._.{x.Name}.{ns}.svc.cluster.local default"));
            }
        }
    }
}
