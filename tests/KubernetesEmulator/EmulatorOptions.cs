using MeshBot.Cluster;

namespace MeshBot.KubernetesEmulator;

/// <summary>An authenticated identity: a user name and its groups (<c>system:authenticated</c> is added for every user).</summary>
public sealed record EmulatorUser(string Name, params IReadOnlyList<string> Groups);

/// <summary>How to start a <see cref="KubernetesEmulator"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Custom resource groups whose CRDs count as installed.</summary>
    public static readonly IReadOnlyList<string> AllCustomResourceGroups = ["security.istio.io", "networking.istio.io", "helm.toolkit.fluxcd.io"];

    /// <summary>A snapshot directory or file (DESIGN.md layout) whose objects and <c>logs/NS/POD/CONTAINER.log</c> the emulator serves.</summary>
    public string? SnapshotPath { get; init; }

    /// <summary>More objects, as the Diagnosis library reads them (e.g. from another source), loaded after the snapshot.</summary>
    public IReadOnlyList<KubeObject> Objects { get; init; } = [];

    /// <summary>More objects, as YAML or JSON text (single objects, multi-document YAML or <c>List</c>s), loaded after the snapshot.</summary>
    public IReadOnlyList<string> Manifests { get; init; } = [];

    /// <summary>Bearer tokens the server accepts, each mapped to the user it authenticates. Empty: bearer tokens are refused.</summary>
    public IReadOnlyDictionary<string, EmulatorUser> Tokens { get; init; } = new Dictionary<string, EmulatorUser>();

    /// <summary>Whether client certificates issued by the emulator's CA (<see cref="KubernetesEmulator.IssueClientCertificate"/>) authenticate.</summary>
    public bool AcceptClientCertificates { get; init; } = true;

    /// <summary>Which of <see cref="AllCustomResourceGroups"/> are installed; absent groups are missing from discovery and 404 on their paths.</summary>
    public IReadOnlyList<string> InstalledCustomResourceGroups { get; init; } = AllCustomResourceGroups;

    /// <summary>The server's clock for creation times, ages in tables and log <c>sinceSeconds</c> (certificates always use real time).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>What <c>/version</c> reports (major.minor.patch).</summary>
    public string KubernetesVersion { get; init; } = "1.32.4";
}
