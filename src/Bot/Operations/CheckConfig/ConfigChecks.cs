using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeshBot.Bot.Cli;
using MeshBot.Bot.Configuration;
using MeshBot.Bot.Hosting;
using MeshBot.Bot.Operations.Replicas;
using MeshBot.Cluster.Kubernetes.Config;
using MeshBot.Cluster.Kubernetes.Http;
using MeshBot.Diagnosis.Mesh;

namespace MeshBot.Bot.Operations.CheckConfig;

/// <summary>One line of <c>meshbot check-config</c>: passed (✓), failed (✗) or not applicable (–, e.g. an adapter that is not configured).</summary>
public sealed record CheckResult(bool? Ok, string What)
{
    public string Line => $"{Ok switch { true => "✓", false => "✗", null => "-" }} {What}";
}

/// <summary>
/// What <c>meshbot check-config</c> checks, in order: the configuration binds (each section as <c>meshbot serve</c>
/// binds it, a malformed value named by its key); the store answers; the Kubernetes credentials authenticate and may do
/// everything MeshBot's RBAC should grant (one SelfSubjectAccessReview per verb and resource, <see cref="RbacRequirements"/>);
/// Slack accepts the bot token (<c>auth.test</c>); the Bot Framework issues a token for the app id and password
/// (client credentials). Secrets are never printed.
/// </summary>
internal sealed class ConfigChecks(IConfiguration configuration, string? kubeconfig = null, string? context = null, HttpMessageHandler? handler = null)
{
    public const string BotFrameworkScope = "https://api.botframework.com/.default";
    private const string Slack = "MeshBot:Slack";
    private const string Teams = "MeshBot:Teams";

    private MeshOptions? _mesh;
    private StoreSettings? _store;
    private Uri? _slackApi;
    private Uri? _tokenEndpoint;

    /// <summary>Runs every check, reporting each line as soon as it is known; true when none failed.</summary>
    public async Task<bool> RunAsync(Func<CheckResult, Task> report, CancellationToken cancellationToken)
    {
        var failed = false;
        async Task Report(CheckResult result)
        {
            failed |= result.Ok == false;
            await report(result).ConfigureAwait(false);
        }

        foreach (var check in new Func<CheckResult>[] { Mesh, Approval, Store, Kubernetes, SlackSettings, TeamsSettings })
        {
            await Report(Bind(check)).ConfigureAwait(false);
        }
        await Report(await StoreReachableAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await foreach (var result in KubernetesAsync(cancellationToken).ConfigureAwait(false))
        {
            await Report(result).ConfigureAwait(false);
        }
        using var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { Timeout = TimeSpan.FromSeconds(15) };
        await Report(await SlackAuthTestAsync(http, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await Report(await BotFrameworkTokenAsync(http, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return !failed;
    }

    private static CheckResult Bind(Func<CheckResult> check)
    {
        try
        {
            return check();
        }
        catch (CliException e)
        {
            return new CheckResult(false, e.Message);
        }
    }

    private CheckResult Mesh()
    {
        var mesh = MeshBotConfiguration.Mesh(configuration);
        _mesh = mesh;
        return new CheckResult(true, $"configuration MeshBot:Mesh: root namespace {mesh.RootNamespace}, trust domain {mesh.TrustDomain}, {mesh.PlatformNamespaces.Count} platform namespaces");
    }

    private CheckResult Approval()
    {
        var approval = BotSettings.Approval(configuration);
        var who = approval.Approvers.Count == 0 ? "no approvers: every press is refused (diagnose only)" : $"{approval.Approvers.Count} approver(s)";
        return new CheckResult(true, $"configuration MeshBot:Approval: {who}, two approvers from {approval.TwoPersonRisk.ToString().ToLowerInvariant()} risk, proposals expire after {approval.Expiry:c}");
    }

    private CheckResult Store()
    {
        var store = IncidentStores.Settings(configuration);
        _store = store;
        return new CheckResult(true, $"configuration MeshBot:Store: {store.Describe()}{(store.IsPostgres ? $", leases of {store.LeaseTtl:c}" : "")}");
    }

    private CheckResult Kubernetes()
    {
        var section = configuration.GetSection("MeshBot:Kubernetes");
        if (section["InCluster"] is { Length: > 0 } inCluster && !bool.TryParse(inCluster, out _))
        {
            throw new CliException($"configuration MeshBot:Kubernetes:InCluster: '{inCluster}' is not true or false");
        }
        var file = string.IsNullOrWhiteSpace(kubeconfig) ? section["Kubeconfig"] : kubeconfig;
        if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
        {
            throw new CliException(string.IsNullOrWhiteSpace(kubeconfig)
                ? $"configuration MeshBot:Kubernetes:Kubeconfig: {file} does not exist"
                : $"--kubeconfig {file} does not exist");
        }
        return new CheckResult(true, $"configuration MeshBot:Kubernetes: {(string.IsNullOrWhiteSpace(file) ? "in-cluster service account or the default kubeconfig" : $"kubeconfig {file}")}");
    }

    private CheckResult SlackSettings()
    {
        var section = configuration.GetSection(Slack);
        var token = (section["BotToken"] ?? "").Trim();
        _slackApi = section["ApiBaseUrl"] is { Length: > 0 } api ? Url(Slack, "ApiBaseUrl", api, httpsOnly: false) : new Uri("https://slack.com/api/");
        if (!_slackApi.AbsoluteUri.EndsWith('/'))
        {
            _slackApi = new Uri(_slackApi.AbsoluteUri + "/");
        }
        if (token.Length == 0)
        {
            return new CheckResult(null, $"configuration {Slack}: not configured ({Slack}:BotToken is empty): the Slack adapter is off");
        }
        if (!token.StartsWith("xox", StringComparison.Ordinal) || !token.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new CliException($"configuration {Slack}:BotToken: malformed value; expected a Slack bot token (xoxb-…)");
        }
        var signing = (section["SigningSecret"] ?? "").Trim().Length > 0;
        return signing
            ? new CheckResult(true, $"configuration {Slack}: bot token and signing secret set, Web API at {_slackApi}")
            : new CheckResult(false, $"configuration {Slack}:SigningSecret: empty while the bot token is set: Slack's requests cannot be verified and the adapter stays off");
    }

    private CheckResult TeamsSettings()
    {
        var section = configuration.GetSection(Teams);
        var appId = (section["AppId"] ?? "").Trim();
        var password = section["AppPassword"] ?? "";
        var tenant = (section["TenantId"] ?? "").Trim();
        _tokenEndpoint = section["TokenEndpoint"] is { Length: > 0 } endpoint
            ? Url(Teams, "TokenEndpoint", endpoint.Trim(), httpsOnly: true)
            : new Uri($"https://login.microsoftonline.com/{(tenant.Length > 0 ? tenant : "botframework.com")}/oauth2/v2.0/token");
        if (appId.Length == 0 && password.Length == 0)
        {
            return new CheckResult(null, $"configuration {Teams}: not configured ({Teams}:AppId and AppPassword are empty): the Teams adapter is off");
        }
        if (appId.Length == 0 || password.Length == 0)
        {
            return new CheckResult(false, $"configuration {Teams}:{(appId.Length == 0 ? "AppId" : "AppPassword")}: empty while {(appId.Length == 0 ? "AppPassword" : "AppId")} is set: the Teams adapter stays off");
        }
        return new CheckResult(true, $"configuration {Teams}: app id {appId}, tokens from {_tokenEndpoint.GetLeftPart(UriPartial.Path)}");
    }

    /// <summary>An absolute URL; https only where <paramref name="httpsOnly"/>, except on the loopback interface (local test servers).</summary>
    private static Uri Url(string section, string key, string value, bool httpsOnly)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (!httpsOnly || uri.IsLoopback))))
        {
            return uri;
        }
        throw new CliException($"configuration {section}:{key}: '{value}' is not an absolute {(httpsOnly ? "https" : "http(s)")} URL");
    }

    private async Task<CheckResult> StoreReachableAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return new CheckResult(false, "store: not checked (MeshBot:Store is malformed)");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            return new CheckResult(true, $"store: {await IncidentStores.ProbeAsync(_store, timeout.Token).ConfigureAwait(false)}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new CheckResult(false, $"store: {_store.Describe()}: {Oneline(e.Message)}");
        }
    }

    private async IAsyncEnumerable<CheckResult> KubernetesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mesh = _mesh ?? new MeshOptions();
        LiveCluster? live = null;
        string? connectProblem = null;
        try
        {
            live = LiveCluster.Connect(kubeconfig, context, configuration, mesh);
        }
        catch (Exception e) when (e is KubernetesConfigException or CliException or IOException)
        {
            connectProblem = e.Message;
        }
        if (live is null)
        {
            yield return new CheckResult(false, $"kubernetes: {Oneline(connectProblem ?? "no connection")}");
            yield break;
        }
        using (live)
        {
            var endpoint = live.Transport.Endpoint;
            var (identity, problem) = await WhoAmIAsync(live.Transport, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                yield return new CheckResult(false, $"kubernetes {endpoint.Server.GetLeftPart(UriPartial.Authority)} ({endpoint.Description}): {problem}");
                yield break;
            }
            yield return new CheckResult(true, $"kubernetes {endpoint.Server.GetLeftPart(UriPartial.Authority)} ({endpoint.Description}): authenticated{(identity is null ? "" : $" as {identity}")}");

            var permissions = RbacRequirements.For(mesh.RootNamespace);
            using var gate = new SemaphoreSlim(8);
            var reviews = permissions.Select(async permission =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await ReviewAsync(live.Transport, permission, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToArray();
            foreach (var review in reviews)
            {
                yield return await review.ConfigureAwait(false);
            }
        }
    }

    private static async Task<(string? Identity, string? Problem)> WhoAmIAsync(KubernetesTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            var response = await transport.SendAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                () => Json(new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" }), cancellationToken).ConfigureAwait(false);
            return response.Status switch
            {
                HttpStatusCode.Unauthorized => (null, "credentials rejected (401 Unauthorized)"),
                _ when response.IsSuccess => (Str(response.Json(), "status", "userInfo", "username"), null),
                _ => (null, null), // an API server before 1.28 has no SelfSubjectReview: the access reviews still tell
            };
        }
        catch (KubernetesUnreachableException e)
        {
            return (null, $"unreachable: {Oneline(e.Message)}");
        }
    }

    private static async Task<CheckResult> ReviewAsync(KubernetesTransport transport, Permission permission, CancellationToken cancellationToken)
    {
        var attributes = new JsonObject
        {
            ["verb"] = permission.Verb,
            ["group"] = permission.Kind.Group,
            ["resource"] = permission.Kind.Plural.Split('/')[0],
        };
        if (permission.Subresource is not null)
        {
            attributes["subresource"] = permission.Subresource;
        }
        if (permission.Namespace is not null)
        {
            attributes["namespace"] = permission.Namespace;
        }
        if (permission.Name is not null)
        {
            attributes["name"] = permission.Name;
        }
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = attributes },
        };
        try
        {
            var response = await transport.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", () => Json(review), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return new CheckResult(false, $"{permission}: cannot ask the API server ({(int)response.Status} {response.Status})");
            }
            var status = response.Json();
            var allowed = status.TryGetProperty("status", out var s) && s.TryGetProperty("allowed", out var a) && a.ValueKind == JsonValueKind.True;
            var reason = Str(status, "status", "reason") ?? Str(status, "status", "evaluationError");
            return allowed
                ? new CheckResult(true, permission.ToString())
                : new CheckResult(false, $"{permission}: denied{(string.IsNullOrWhiteSpace(reason) ? "" : $" ({Oneline(reason)})")}");
        }
        catch (KubernetesUnreachableException e)
        {
            return new CheckResult(false, $"{permission}: {Oneline(e.Message)}");
        }
    }

    private async Task<CheckResult> SlackAuthTestAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var token = (configuration[$"{Slack}:BotToken"] ?? "").Trim();
        if (token.Length == 0 || _slackApi is null)
        {
            return new CheckResult(null, $"slack auth.test: not run ({(token.Length == 0 ? $"{Slack}:BotToken is empty" : $"{Slack}:ApiBaseUrl is malformed")})");
        }
        var url = new Uri(_slackApi, "auth.test");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([]) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || body is null)
            {
                return new CheckResult(false, $"slack auth.test at {url.GetLeftPart(UriPartial.Authority)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            if (body.Value.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            {
                return new CheckResult(true, $"slack auth.test: the bot token is valid: {Str(body.Value, "user") ?? "bot"} ({Str(body.Value, "user_id")}) in team {Str(body.Value, "team")} ({Str(body.Value, "team_id")})");
            }
            return new CheckResult(false, $"slack auth.test: the bot token was refused: {Str(body.Value, "error") ?? "ok is false"}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new CheckResult(false, $"slack auth.test: {url.GetLeftPart(UriPartial.Authority)} unreachable: {Oneline(e.Message)}");
        }
    }

    private async Task<CheckResult> BotFrameworkTokenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var appId = (configuration[$"{Teams}:AppId"] ?? "").Trim();
        var password = configuration[$"{Teams}:AppPassword"] ?? "";
        if (appId.Length == 0 || password.Length == 0 || _tokenEndpoint is null)
        {
            return new CheckResult(null, $"bot framework token: not run ({(appId.Length == 0 || password.Length == 0 ? $"{Teams}:AppId or AppPassword is empty" : $"{Teams}:TokenEndpoint is malformed")})");
        }
        try
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = appId,
                ["client_secret"] = password,
                ["scope"] = BotFrameworkScope,
            });
            using var response = await http.PostAsync(_tokenEndpoint, form, cancellationToken).ConfigureAwait(false);
            var body = await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode && body is { } ok && Str(ok, "access_token") is { Length: > 0 })
            {
                var lifetime = ok.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number ? $", valid {e.GetInt32()} s" : "";
                return new CheckResult(true, $"bot framework token: issued to app {appId} by {_tokenEndpoint.Host}{lifetime}");
            }
            var error = body is { } b ? Str(b, "error") : null;
            var description = body is { } d ? Str(d, "error_description") : null;
            return new CheckResult(false, $"bot framework token: {_tokenEndpoint.Host} refused app {appId}: HTTP {(int)response.StatusCode}{(error is null ? "" : $" {error}")}{(description is null ? "" : $": {Oneline(description)}")}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new CheckResult(false, $"bot framework token: {_tokenEndpoint.Host} unreachable: {Oneline(e.Message)}");
        }
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var element = JsonDocument.Parse(text).RootElement;
            return element.ValueKind == JsonValueKind.Object ? element : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static string? Str(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.ValueKind == JsonValueKind.Number ? element.GetRawText() : null;
    }

    private static string Oneline(string text) => string.Join(' ', text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
