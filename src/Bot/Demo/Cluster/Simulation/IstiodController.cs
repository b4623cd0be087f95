using System.Text;
using System.Text.Json.Nodes;
using MeshBot.Diagnosis.Certificates;
using MeshBot.Cluster;
using MeshBot.Cluster.Kinds;
using MeshBot.Cluster.Sources;

namespace MeshBot.Bot.Demo.Cluster.Simulation;

/// <summary>
/// What istiod does when it starts (its pods are already Ready and in its Endpoints by then): pick its CA (plugged
/// <c>cacerts</c> if complete, else <c>istio-ca-secret</c>, as <see cref="IstioCa.Find"/> picks it) and replace a
/// self-signed root that is expired or not yet valid; write the active root into <c>istio-ca-root-cert</c> in every
/// namespace; fill its injector webhooks' empty caBundle; and log a clean start. Events about failed webhook calls are
/// cleared, so a re-diagnosis judges the injector as it is now.
/// </summary>
internal sealed class IstiodController(ObjectStore store, Traffic traffic, List<string> activity)
{
    private const string RootKey = "root-cert.pem";

    public static bool IsIstiod(ResourceKind kind, JsonObject workload) =>
        kind == ResourceKinds.Deployment && workload.Namespace() == "istio-system" && workload.Str("metadata", "labels", "app") == "istiod";

    public void Start(JsonObject deployment)
    {
        var root = deployment.Namespace() ?? "istio-system";
        var rootPem = ActiveRoot(root);
        DistributeRoot(rootPem);
        FillCaBundles(root, deployment.Name(), rootPem);
        foreach (var failed in store.List(ResourceKinds.Event).Where(e => (e.Str("message") ?? "").Contains("failed calling webhook", StringComparison.Ordinal)))
        {
            store.Delete(ResourceKinds.Event, failed.Namespace(), failed.Name());
        }
        foreach (var pod in WorkloadPods.Of(store, ResourceKinds.Deployment, deployment))
        {
            traffic.IstiodStarted(pod);
        }
        activity.Add($"istiod {root}/{deployment.Name()} started: Ready, root distributed to every namespace");
    }

    private string ActiveRoot(string root)
    {
        var secrets = new KindIndex<Secret>(ResourceKinds.Secret, ReadStatus.Ok, null, store.List(ResourceKinds.Secret, root).Select(s => Secret.From(s.ToElement())));
        var ca = IstioCa.Find(secrets, root);
        var now = store.Time.GetUtcNow();
        if (ca is not null && (ca.Plugged || (ca.Certificate.NotBefore <= now && now <= ca.Certificate.NotAfter)))
        {
            return (ca.Root ?? ca.Certificate).Certificate.ExportCertificatePem() + "\n";
        }

        // istiod's self-signed CA rotation: a new root replaces the expired (or not yet valid) one.
        var pem = SelfSignedCa.CreatePem(now);
        var name = ca?.Secret.Name ?? Secret.IstioCaSecretName;
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        if (store.Get(ResourceKinds.Secret, root, name) is { } secret)
        {
            store.Update(ResourceKinds.Secret, secret, s =>
            {
                s.Obj("data")["ca-cert.pem"] = data;
                s.Obj("data").Remove("ca-key.pem"); // it belonged to the old certificate; the demo keeps no keys
            });
        }
        else
        {
            store.Add(ResourceKinds.Secret, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["data"] = new JsonObject { ["ca-cert.pem"] = data },
                ["kind"] = "Secret",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = root },
                ["type"] = "istio.io/ca-root",
            });
        }
        activity.Add($"istiod generated a new self-signed root CA in Secret {root}/{name}{(ca is null ? "" : $" (the old one was valid {ca.Certificate.NotBefore:yyyy-MM-dd} to {ca.Certificate.NotAfter:yyyy-MM-dd})")}");
        return pem;
    }

    private void DistributeRoot(string pem)
    {
        var rootCert = CertificateInfo.ParseAll(pem)[0];
        foreach (var ns in store.List(ResourceKinds.Namespace).Select(n => n.Name()))
        {
            var configMap = store.Get(ResourceKinds.ConfigMap, ns, ConfigMap.IstioRootCertName);
            if (configMap is null)
            {
                store.Add(ResourceKinds.ConfigMap, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["data"] = new JsonObject { [RootKey] = pem },
                    ["kind"] = "ConfigMap",
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["istio.io/config"] = "true" }, ["name"] = ConfigMap.IstioRootCertName, ["namespace"] = ns },
                });
            }
            else if (!CertificateInfo.ParseAll(configMap.Str("data", RootKey) ?? "").Any(c => c.SameAs(rootCert)))
            {
                store.Update(ResourceKinds.ConfigMap, configMap, c => c.Obj("data")[RootKey] = pem);
            }
        }
    }

    private void FillCaBundles(string root, string service, string pem)
    {
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
        foreach (var configuration in store.List(ResourceKinds.MutatingWebhookConfiguration))
        {
            store.Update(ResourceKinds.MutatingWebhookConfiguration, configuration, c =>
            {
                foreach (var webhook in c.Items("webhooks").Where(w => (w.Str("name") ?? "").EndsWith("sidecar-injector.istio.io", StringComparison.Ordinal)
                    && w.Str("clientConfig", "service", "namespace") == root && w.Str("clientConfig", "service", "name") == service
                    && string.IsNullOrEmpty(w.Str("clientConfig", "caBundle"))))
                {
                    webhook.Obj("clientConfig")["caBundle"] = bundle;
                }
            });
        }
    }
}
