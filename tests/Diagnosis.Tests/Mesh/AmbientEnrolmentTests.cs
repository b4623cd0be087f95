using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Diagnosis.Tests.Mesh;

/// <summary>Ambient enrolment as istio-cni decides it (cni/pkg/util/podutil.go, PodRedirectionEnabled).</summary>
public sealed class AmbientEnrolmentTests
{
    private const string Sidecar = "{ name: istio-proxy, image: proxyv2 }";

    public static TheoryData<string, string, string, string, string, bool, AmbientReason> Cases => new()
    {
        // name, namespace labels, pod labels, pod annotations, extra container, enrolled, reason
        { "namespace label enrols its pods", "istio.io/dataplane-mode: ambient", "", "", "", true, AmbientReason.NamespaceLabel },
        { "pod label enrols a pod of a plain namespace", "", "istio.io/dataplane-mode: ambient", "", "", true, AmbientReason.PodLabel },
        { "pod label none opts out of an ambient namespace", "istio.io/dataplane-mode: ambient", "istio.io/dataplane-mode: none", "", "", false, AmbientReason.PodOptOut },
        { "no label anywhere", "istio-injection: enabled", "", "", "", false, AmbientReason.NotEnrolled },
        { "a sidecar wins over the ambient namespace", "istio.io/dataplane-mode: ambient", "", "", Sidecar, false, AmbientReason.HasSidecar },
        { "the sidecar status annotation alone counts as a sidecar", "istio.io/dataplane-mode: ambient", "", "sidecar.istio.io/status: '{}'", "", false, AmbientReason.HasSidecar },
        { "another namespace value is not ambient", "istio.io/dataplane-mode: none", "", "", "", false, AmbientReason.NotEnrolled },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForPod_Case_DecidesLikeIstioCni(string name, string nsLabels, string podLabels, string podAnnotations, string extraContainer, bool enrolled, AmbientReason reason)
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.Namespace("payments", nsLabels), Pod(podLabels, podAnnotations, extraContainer, hostNetwork: false));

        var decision = AmbientEnrolment.ForPod(cluster.Pods.All[0], cluster.Namespaces.Get("payments"));

        Assert.True(enrolled == decision.Enrolled, $"{name}: {decision.Detail}");
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void ForPod_HostNetworkInAmbientNamespace_IsNotEnrolled()
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.Namespace("payments", "istio.io/dataplane-mode: ambient"), Pod("", "", "", hostNetwork: true));

        var decision = AmbientEnrolment.ForPod(cluster.Pods.All[0], cluster.Namespaces.Get("payments"));

        Assert.False(decision.Enrolled);
        Assert.Equal(AmbientReason.HostNetwork, decision.Reason);
    }

    [Theory]
    [InlineData("ambient.istio.io/redirection: enabled", true)]
    [InlineData("ambient.istio.io/redirection: pending", false)]
    [InlineData("", false)]
    public void Redirected_FollowsTheIstioCniAnnotation(string annotations, bool redirected)
    {
        var cluster = ClusterYaml.Parse(ClusterYaml.Namespace("payments", "istio.io/dataplane-mode: ambient"), Pod("", annotations, "", hostNetwork: false));

        var decision = AmbientEnrolment.ForPod(cluster.Pods.All[0], cluster.Namespaces.Get("payments"));

        Assert.True(decision.Enrolled);
        Assert.Equal(redirected, decision.Redirected);
    }

    private static string Pod(string labels, string annotations, string extraContainer, bool hostNetwork) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: payments
          labels: { {{labels}} }
          annotations: { {{annotations}} }
        spec:
          hostNetwork: {{(hostNetwork ? "true" : "false")}}
          nodeName: node-1
          containers: [ { name: app, image: app }{{(extraContainer.Length > 0 ? ", " + extraContainer : "")}} ]
        """;
}
