using FsCheck;
using FsCheck.Fluent;
using MeshBot.Cluster.Sources;
using MeshBot.Diagnosis.Mesh;
using MeshBot.Diagnosis.Runbook;
using MeshBot.Testing;

namespace MeshBot.Diagnosis.Tests.Runbook;

/// <summary>
/// For any mix of sidecar, ambient and plain pods in a namespace (ambient or not, with opt-outs, redirection or not,
/// node agents up or down), no remediation proposes sidecar injection for an ambient workload or labels an ambient
/// namespace for injection: that would move a working namespace to another data plane.
/// </summary>
public sealed class AmbientRemediationPropertyTests
{
    public sealed record GeneratedPod(bool Sidecar, string? DataplaneLabel, bool Redirected, bool OptOutOfInjection, int Node);

    public sealed record GeneratedNamespace(bool Ambient, bool InjectionEnabled, IReadOnlyList<GeneratedPod> Pods, bool ZtunnelUp);

    private static readonly Gen<GeneratedPod> Pods =
        from sidecar in Gen.Elements(false, false, true)
        from label in Gen.Elements<string?>(null, null, "ambient", "none")
        from redirected in Gen.Elements(true, true, false)
        from optOut in Gen.Elements(false, false, true)
        from node in Gen.Choose(1, 2)
        select new GeneratedPod(sidecar, label, redirected, optOut, node);

    private static readonly Gen<GeneratedNamespace> Namespaces =
        from ambient in Gen.Elements(true, true, false)
        from injection in Gen.Elements(false, false, true)
        from pods in Gen.ListOf(Pods).Where(l => l.Count is > 0 and <= 4)
        from ztunnel in Gen.Elements(true, true, false)
        select new GeneratedNamespace(ambient, injection, [.. pods], ztunnel);

    [Fact]
    public void AnyMixOfDataPlanes_NeverProposesSidecarInjectionForAmbient()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(Namespaces.ToArbitrary(), ns => Holds(ns).GetAwaiter().GetResult()));
    }

    private static async Task<bool> Holds(GeneratedNamespace generated)
    {
        using var fixture = FixtureSnapshot.Materialize(generated.ZtunnelUp ? "ambient-namespace" : "ambient-ztunnel-down");
        await File.WriteAllTextAsync(Path.Combine(fixture.Path, "payments.yaml"), Yaml(generated));
        var source = new SnapshotSource(fixture.Path);
        var report = await new Diagnoser(new MeshOptions(), TimeProvider.System).DiagnoseAsync(source, new DiagnosisRequest(TargetSpec.Parse("payments"), null, null));

        var ambientPods = generated.Pods.Select((p, i) => (Pod: p, Name: $"api-{i}"))
            .Where(p => !p.Pod.Sidecar && p.Pod.DataplaneLabel != "none" && (generated.Ambient || p.Pod.DataplaneLabel == "ambient"))
            .Select(p => p.Name).ToHashSet();
        var injectionForAmbient = report.Needs.Where(n => n switch
        {
            EnableNamespaceInjection => generated.Ambient,
            RestartWorkload r => r.Kind == "Pod" && ambientPods.Contains(r.Name),
            RemovePodOptOut o => ambientPods.Contains(o.Name),
            _ => false,
        }).ToArray();
        Assert.True(injectionForAmbient.Length == 0,
            $"ambient namespace {generated.Ambient}, injection {generated.InjectionEnabled}, ztunnel up {generated.ZtunnelUp}, pods [{string.Join("; ", generated.Pods)}]: proposes {string.Join(", ", injectionForAmbient.Select(n => n.Key))} for ambient pods [{string.Join(", ", ambientPods)}]");
        return true;
    }

    private static string Yaml(GeneratedNamespace ns)
    {
        var labels = (ns.Ambient ? "    istio.io/dataplane-mode: ambient\n" : "") + (ns.InjectionEnabled ? "    istio-injection: enabled\n" : "");
        var docs = new List<string> { $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    kubernetes.io/metadata.name: payments\n{labels}" };
        for (var i = 0; i < ns.Pods.Count; i++)
        {
            var pod = ns.Pods[i];
            var podLabels = "    app: api\n" + (pod.DataplaneLabel is { } mode ? $"    istio.io/dataplane-mode: {mode}\n" : "") + (pod.OptOutOfInjection ? "    sidecar.istio.io/inject: \"false\"\n" : "");
            var annotations = (pod.Redirected && !pod.Sidecar ? "    ambient.istio.io/redirection: enabled\n" : "") + (pod.Sidecar ? "    sidecar.istio.io/status: '{}'\n" : "");
            var containers = "  - name: app\n    image: api:1\n    ports: [{containerPort: 8080}]\n" + (pod.Sidecar ? "  - name: istio-proxy\n    image: proxyv2:1.25.0\n" : "");
            docs.Add($"apiVersion: v1\nkind: Pod\nmetadata:\n  name: api-{i}\n  namespace: payments\n  labels:\n{podLabels}  annotations:\n{(annotations.Length > 0 ? annotations : "    {}\n").Replace("    {}\n", "    meshbot.test/none: \"\"\n")}spec:\n  nodeName: kind-worker{(pod.Node == 1 ? "" : "2")}\n  containers:\n{containers}status:\n  phase: Running\n  conditions: [{{type: Ready, status: \"True\"}}]\n");
        }
        return string.Join("---\n", docs);
    }
}
