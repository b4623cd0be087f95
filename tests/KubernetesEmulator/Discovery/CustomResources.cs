using MeshBot.KubernetesEmulator.Tables;

namespace MeshBot.KubernetesEmulator.Discovery;

/// <summary>
/// The CRDs of the Istio and Flux groups MeshBot reads, with their real short names, categories and printer columns.
/// They are served only when their group is installed, so a test can make a CRD absent.
/// </summary>
internal static class CustomResources
{
    public const string IstioSecurity = "security.istio.io";
    public const string IstioNetworking = "networking.istio.io";
    public const string FluxHelm = "helm.toolkit.fluxcd.io";

    public static readonly IReadOnlyList<string> Groups = [IstioSecurity, IstioNetworking, FluxHelm];

    private static readonly string[] Status = ["status"];
    private static readonly string[] SecurityVersions = ["v1", "v1beta1"];
    private static readonly string[] NetworkingVersions = ["v1", "v1beta1", "v1alpha3"];
    private static readonly string[] IstioSecurityCategories = ["istio-io", "security-istio-io"];
    private static readonly string[] IstioNetworkingCategories = ["istio-io", "networking-istio-io"];

    public static IReadOnlyList<ResourceType> For(string group) => group switch
    {
        IstioSecurity =>
        [
            Crd(IstioSecurity, SecurityVersions, "peerauthentications", "PeerAuthentication", ["pa"], IstioSecurityCategories,
                [Cells.Text("Mode", "spec", "mtls", "mode") with { Description = "Defines the mTLS mode used for peer authentication." }, Cells.Date("Age", "metadata", "creationTimestamp")]),
            Crd(IstioSecurity, SecurityVersions, "authorizationpolicies", "AuthorizationPolicy", ["ap"], IstioSecurityCategories,
                [Cells.Text("Action", "spec", "action") with { Description = "The operation to take." }, Cells.Date("Age", "metadata", "creationTimestamp")]),
            Crd(IstioSecurity, SecurityVersions, "requestauthentications", "RequestAuthentication", ["ra"], IstioSecurityCategories,
                [Cells.Date("Age", "metadata", "creationTimestamp")]),
        ],
        IstioNetworking =>
        [
            Crd(IstioNetworking, NetworkingVersions, "destinationrules", "DestinationRule", ["dr"], IstioNetworkingCategories,
                [Cells.Text("Host", "spec", "host") with { Description = "The name of a service from the service registry" }, Cells.Date("Age", "metadata", "creationTimestamp")]),
            Crd(IstioNetworking, NetworkingVersions, "virtualservices", "VirtualService", ["vs"], IstioNetworkingCategories,
                [Cells.Date("Age", "metadata", "creationTimestamp")]),
            Crd(IstioNetworking, NetworkingVersions, "gateways", "Gateway", ["gw"], IstioNetworkingCategories,
                [Cells.Date("Age", "metadata", "creationTimestamp")]),
            Crd(IstioNetworking, NetworkingVersions, "serviceentries", "ServiceEntry", ["se"], IstioNetworkingCategories,
                [Cells.Date("Age", "metadata", "creationTimestamp")]),
            Crd(IstioNetworking, NetworkingVersions, "sidecars", "Sidecar", [], IstioNetworkingCategories,
                [Cells.Date("Age", "metadata", "creationTimestamp")]),
        ],
        FluxHelm =>
        [
            Crd(FluxHelm, ["v2", "v2beta2"], "helmreleases", "HelmRelease", ["hr"], [],
                [Cells.Date("Age", "metadata", "creationTimestamp"), Cells.Condition("Ready", "Ready", "status"), Cells.Condition("Status", "Ready", "message")]),
        ],
        _ => [],
    };

    private static ResourceType Crd(string group, string[] versions, string plural, string kind, string[] shortNames, string[] categories, IReadOnlyList<PrinterColumn> columns) =>
        new(group, versions, plural, kind.ToLowerInvariant(), kind, true, true, shortNames, categories, Status, Columns: columns);
}
