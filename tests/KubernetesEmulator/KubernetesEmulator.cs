using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MeshBot.Cluster;
using MeshBot.Cluster.Sources;
using MeshBot.KubernetesEmulator.Api;
using MeshBot.KubernetesEmulator.Discovery;
using MeshBot.KubernetesEmulator.Hosting;
using MeshBot.KubernetesEmulator.Logs;
using MeshBot.KubernetesEmulator.Security;
using MeshBot.KubernetesEmulator.Storage;
using Microsoft.AspNetCore.Builder;

namespace MeshBot.KubernetesEmulator;

/// <summary>
/// A Kubernetes API server stand-in for tests and benchmarks: serves a snapshot over HTTPS on 127.0.0.1 at the real REST
/// paths, with discovery, List envelopes, paging, selectors, Tables, create/update/patch/delete (with dryRun=All), Status
/// errors, bearer-token and client-certificate authentication, an access policy, pod logs and injectable faults.
/// kubectl talks to it unchanged. Start one with <see cref="StartAsync"/>, point a client at <see cref="Url"/> trusting
/// <see cref="CaCertificatePem"/> (or use <see cref="WriteKubeconfig"/>), and dispose it to stop the server.
/// </summary>
public sealed class KubernetesEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateAuthority _authority;
    private readonly ResourceCatalog _catalog;
    private readonly ObjectStore _store;
    private readonly ContainerLogs _logs;
    private readonly ConcurrentQueue<RecordedRequest> _requests;

    private KubernetesEmulator(WebApplication app, Uri url, CertificateAuthority authority, ResourceCatalog catalog, ObjectStore store,
        ContainerLogs logs, ConcurrentQueue<RecordedRequest> requests, FaultPlan faults, AccessPolicy access)
    {
        _app = app;
        Url = url;
        _authority = authority;
        _catalog = catalog;
        _store = store;
        _logs = logs;
        _requests = requests;
        Faults = faults;
        Access = access;
    }

    /// <summary><c>https://127.0.0.1:PORT</c>.</summary>
    public Uri Url { get; }

    /// <summary>The emulator's CA certificate (PEM): it signed the serving certificate and issues client certificates.</summary>
    public string CaCertificatePem => _authority.CertificatePem;

    /// <summary>Faults to inject from now on (latency, 429, 500, dropped connections, 403 per verb and resource).</summary>
    public FaultPlan Faults { get; }

    /// <summary>Who may do what (allow-all by default); also the answer to SelfSubjectAccessReviews.</summary>
    public AccessPolicy Access { get; }

    /// <summary>Every request served so far, in order of completion.</summary>
    public IReadOnlyList<RecordedRequest> RequestLog => [.. _requests];

    /// <summary>The store's current resourceVersion (it advances on every write).</summary>
    public long ResourceVersion => _store.Revision;

    public static async Task<KubernetesEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var clock = options.Clock;
        // Certificates follow real time whatever the clock says: clients check them against their own clock.
        var authority = CertificateAuthority.Create(TimeProvider.System);
        var catalog = new ResourceCatalog(options.InstalledCustomResourceGroups);
        var store = new ObjectStore(clock);
        var logs = new ContainerLogs();
        ObjectLoader.Load(options, catalog, store, logs);

        var faults = new FaultPlan();
        var access = new AccessPolicy();
        var requests = new ConcurrentQueue<RecordedRequest>();
        var pipeline = new RequestPipeline(
            faults,
            new Authenticator(options, authority),
            new Authorizer(access, faults),
            new DiscoveryHandler(catalog, options),
            new ResourceDispatcher(catalog, new ReadHandler(store, clock), new WriteHandler(store, catalog, clock), new LogHandler(store, logs, clock), new ScaleHandler(store), new ReviewHandler(access, faults)),
            requests);
        var (app, url) = await EmulatorServer.StartAsync(authority.IssueServerCertificate(), pipeline.HandleAsync, cancellationToken).ConfigureAwait(false);
        return new KubernetesEmulator(app, url, authority, catalog, store, logs, requests, faults, access);
    }

    /// <summary>A client certificate for <paramref name="user"/> in <paramref name="groups"/>, signed by the emulator's CA.</summary>
    public IssuedClientCertificate IssueClientCertificate(string user, params IReadOnlyList<string> groups) =>
        _authority.IssueClientCertificate(user, groups);

    /// <summary>A kubeconfig (cluster <c>emulator</c>, CA embedded) that authenticates with <paramref name="credential"/>.</summary>
    public string Kubeconfig(EmulatorCredential credential, string? @namespace = null) =>
        Hosting.Kubeconfig.Render(Url, CaCertificatePem, credential, @namespace);

    /// <summary>Writes <see cref="Kubeconfig"/> to <paramref name="path"/> and returns the path.</summary>
    public string WriteKubeconfig(string path, EmulatorCredential credential, string? @namespace = null)
    {
        File.WriteAllText(path, Kubeconfig(credential, @namespace));
        return path;
    }

    /// <summary>An HttpClient with <see cref="Url"/> as base address that trusts the emulator's CA and presents <paramref name="credential"/>.</summary>
    public HttpClient CreateHttpClient(EmulatorCredential credential)
    {
        var trusted = X509CertificateLoader.LoadCertificate(_authority.Certificate.RawData);
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is not null
                && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
                && ChainsTo(certificate, trusted),
        };
        if (credential is EmulatorCredential.CertificateCredential certificate)
        {
            ssl.ClientCertificates = [certificate.ToX509()];
        }
        var client = new HttpClient(new SocketsHttpHandler { SslOptions = ssl, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = Url };
        if (credential is EmulatorCredential.TokenCredential token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }
        return client;
    }

    /// <summary>
    /// The stored object (a copy), or null. <paramref name="resource"/> is any name kubectl accepts: plural, singular,
    /// kind or short name, optionally group-qualified (<c>deployments.apps</c>).
    /// </summary>
    public JsonObject? Get(string resource, string? @namespace, string name)
    {
        var type = Resolve(resource);
        return _store.Get(type, type.Namespaced ? @namespace : null, name);
    }

    /// <summary>The stored object (a copy) of a kind as the Diagnosis library names it, or null.</summary>
    public JsonObject? Get(ResourceKind kind, string? @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Get(kind.Group.Length == 0 ? kind.Plural : $"{kind.Plural}.{kind.Group}", @namespace, name);
    }

    /// <summary>Stored objects of <paramref name="resource"/> (copies, in key order), in one namespace or all.</summary>
    public IReadOnlyList<JsonObject> List(string resource, string? @namespace = null)
    {
        var type = Resolve(resource);
        return _store.List(type, type.Namespaced ? @namespace : null, _ => true, 0, null).Items;
    }

    /// <summary>Adds or replaces objects (YAML or JSON text) directly in the store, bypassing admission and preconditions.</summary>
    public void Load(string manifest)
    {
        foreach (var obj in SnapshotReader.ReadText(manifest))
        {
            ObjectLoader.Seed(_catalog, _store, obj);
        }
    }

    /// <summary>Sets the log <c>GET …/pods/POD/log?container=CONTAINER</c> returns.</summary>
    public void SetContainerLog(string @namespace, string pod, string container, string text) => _logs.Set(@namespace, pod, container, text);

    public void ClearRequestLog() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _authority.Dispose();
    }

    private ResourceType Resolve(string resource) =>
        _catalog.Resolve(resource) ?? throw new ArgumentException($"the emulator serves no resource named {resource}", nameof(resource));

    private static bool ChainsTo(X509Certificate presented, X509Certificate2 trusted)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }
}
