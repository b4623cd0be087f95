using MeshBot.Cluster.Kinds;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Tests.Mesh;

public sealed class InjectionPolicyTests
{
    public static TheoryData<string, string, string, string, bool, bool, InjectionReason> Cases => new()
    {
        // name, namespace, namespace labels, pod labels, pod annotation opt-out, injected, reason
        { "istio-injection=enabled", "payments", "istio-injection: enabled", "", false, true, InjectionReason.NamespaceEnabled },
        { "istio.io/rev counts as enabled", "payments", "istio.io/rev: canary", "", false, true, InjectionReason.NamespaceRevision },
        { "istio-injection=enabled beats istio.io/rev", "payments", "istio-injection: enabled, istio.io/rev: canary", "", false, true, InjectionReason.NamespaceEnabled },
        { "istio-injection=disabled beats istio.io/rev", "payments", "istio-injection: disabled, istio.io/rev: canary", "", false, false, InjectionReason.NamespaceDisabled },
        { "no label", "payments", "", "", false, false, InjectionReason.NamespaceNotEnabled },
        { "pod label false opts out", "payments", "istio-injection: enabled", "sidecar.istio.io/inject: \"false\"", false, false, InjectionReason.PodOptOutLabel },
        { "pod annotation false opts out", "payments", "istio-injection: enabled", "", true, false, InjectionReason.PodOptOutAnnotation },
        { "pod label true beats annotation false", "payments", "istio-injection: enabled", "sidecar.istio.io/inject: \"true\"", true, true, InjectionReason.NamespaceEnabled },
        { "pod label true opts in an unlabelled namespace", "payments", "", "sidecar.istio.io/inject: \"true\"", false, true, InjectionReason.PodLabel },
        { "pod label true cannot beat istio-injection=disabled", "payments", "istio-injection: disabled", "sidecar.istio.io/inject: \"true\"", false, false, InjectionReason.NamespaceDisabled },
        { "kube-system is never injected", "kube-system", "istio-injection: enabled", "", false, false, InjectionReason.SystemNamespace },
        { "kube-public is never injected", "kube-public", "istio-injection: enabled", "", false, false, InjectionReason.SystemNamespace },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForPod_Case_DecidesLikeTheInjector(string name, string ns, string nsLabels, string podLabels, bool annotationOptOut, bool injected, InjectionReason reason)
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.Namespace(ns, nsLabels), $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              namespace: {{ns}}
              labels: { {{podLabels}} }
              annotations: { {{(annotationOptOut ? "sidecar.istio.io/inject: \"false\"" : "")}} }
            spec: { containers: [ { name: app, image: app } ] }
            """);

        var decision = InjectionPolicy.ForPod(cluster.Pods.All[0], cluster.Namespaces.Get(ns));

        Assert.True(injected == decision.Injected, $"{name}: {decision.Detail}");
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void ForPod_HostNetwork_IsNeverInjected()
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.Namespace("payments", "istio-injection: enabled"), """
            apiVersion: v1
            kind: Pod
            metadata: { name: p, namespace: payments }
            spec: { hostNetwork: true, containers: [ { name: app, image: app } ] }
            """);

        Assert.Equal(InjectionReason.HostNetwork, InjectionPolicy.ForPod(cluster.Pods.All[0], cluster.Namespaces.Get("payments")).Reason);
    }

    [Theory]
    [InlineData("containers: [ {name: app, image: a}, {name: istio-proxy, image: proxyv2} ]", true, false)]
    [InlineData("containers: [ {name: app, image: a} ]\n  initContainers: [ {name: istio-proxy, image: proxyv2, restartPolicy: Always} ]", true, true)]
    [InlineData("containers: [ {name: app, image: a} ]\n  initContainers: [ {name: istio-proxy, image: proxyv2} ]", false, false)]
    [InlineData("containers: [ {name: app, image: a} ]\n  initContainers: [ {name: istio-init, image: proxyv2} ]", false, false)]
    public void HasSidecar_ContainerLayout_CountsNativeSidecars(string spec, bool hasSidecar, bool native)
    {
        var pod = (Pod)ClusterYaml.Parse($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p, namespace: x}}\nspec:\n  {spec}").Pods.All[0];

        Assert.Equal(hasSidecar, pod.HasSidecar);
        Assert.Equal(native, pod.IsNativeSidecar);
    }
}
