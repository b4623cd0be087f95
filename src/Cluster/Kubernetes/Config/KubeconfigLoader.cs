using System.Text.Json;
using MeshBot.Cluster.Json;

namespace MeshBot.Cluster.Kubernetes.Config;

/// <summary>
/// Reads kubeconfig files the way kubectl does: <c>--kubeconfig</c>, else every file in <c>$KUBECONFIG</c>
/// merged (the first file to define a cluster, user or context name, or current-context, wins), else
/// <c>~/.kube/config</c>; then resolves one context. Relative file paths are relative to the file that names them.
/// </summary>
public static class KubeconfigLoader
{
    public static ClusterEndpoint Load(string? explicitPath, string? context, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var files = Files(explicitPath, env);
        var merged = new Merged();
        foreach (var file in files)
        {
            merged.Add(file, Parse(file));
        }

        var contextName = context ?? merged.CurrentContext
            ?? throw new KubernetesConfigException($"no current-context in {string.Join(", ", files)}; pass --context");
        if (!merged.Contexts.TryGetValue(contextName, out var ctx))
        {
            throw new KubernetesConfigException($"context {contextName} not found in {string.Join(", ", files)}");
        }

        var clusterName = ctx.Element.Str("cluster") ?? throw new KubernetesConfigException($"context {contextName} names no cluster");
        var userName = ctx.Element.Str("user");
        if (!merged.Clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubernetesConfigException($"cluster {clusterName} of context {contextName} not found");
        }
        var user = userName is null ? default : merged.Users.GetValueOrDefault(userName);
        if (userName is not null && user.Element.ValueKind != JsonValueKind.Object)
        {
            throw new KubernetesConfigException($"user {userName} of context {contextName} not found");
        }
        return Endpoint(contextName, ctx.Element, cluster, user);
    }

    private static string[] Files(string? explicitPath, IReadOnlyDictionary<string, string?> env)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? [Path.GetFullPath(explicitPath)] : throw new KubernetesConfigException($"kubeconfig {explicitPath} does not exist");
        }
        if (env.GetValueOrDefault("KUBECONFIG") is { Length: > 0 } list)
        {
            var existing = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).Select(Path.GetFullPath).Distinct().ToArray();
            return existing.Length > 0 ? existing : throw new KubernetesConfigException($"none of the files in $KUBECONFIG exists ({list})");
        }
        var home = env.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var fallback = Path.Combine(home, ".kube", "config");
        return File.Exists(fallback) ? [fallback] : throw new KubernetesConfigException($"no kubeconfig: pass --kubeconfig, set $KUBECONFIG, or create {fallback}");
    }

    private static JsonElement Parse(string file)
    {
        try
        {
            using var reader = new StreamReader(file);
            return YamlToJson.Convert(reader, new FileInfo(file).Length).FirstOrDefault()?.RootElement ?? default;
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or IOException or JsonException)
        {
            throw new KubernetesConfigException($"kubeconfig {file} cannot be read: {e.Message.Split('\n')[0]}", e);
        }
    }

    private readonly record struct Named(string File, JsonElement Element);

    private sealed class Merged
    {
        public Dictionary<string, Named> Clusters { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Named> Users { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Named> Contexts { get; } = new(StringComparer.Ordinal);
        public string? CurrentContext { get; private set; }

        public void Add(string file, JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            CurrentContext ??= root.Str("current-context") is { Length: > 0 } current ? current : null;
            AddAll(file, root, "clusters", "cluster", Clusters);
            AddAll(file, root, "users", "user", Users);
            AddAll(file, root, "contexts", "context", Contexts);
        }

        private static void AddAll(string file, JsonElement root, string list, string field, Dictionary<string, Named> into)
        {
            foreach (var entry in root.Items(list))
            {
                if (entry.Str("name") is { } name && entry.Path(field) is { } value)
                {
                    into.TryAdd(name, new Named(file, value));
                }
            }
        }
    }

    private static ClusterEndpoint Endpoint(string contextName, JsonElement context, Named cluster, Named user)
    {
        var c = cluster.Element;
        var server = c.Str("server") ?? throw new KubernetesConfigException($"cluster of context {contextName} has no server");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new KubernetesConfigException($"cluster of context {contextName} has an invalid server '{server}'");
        }
        var u = user.Element;
        var hasUser = u.ValueKind == JsonValueKind.Object;
        return new ClusterEndpoint
        {
            Server = uri,
            Description = $"context {contextName}",
            CertificateAuthorityData = Base64(c.Str("certificate-authority-data"), "certificate-authority-data"),
            CertificateAuthorityFile = Relative(cluster.File, c.Str("certificate-authority")),
            InsecureSkipTlsVerify = c.Bool("insecure-skip-tls-verify") ?? false,
            TlsServerName = c.Str("tls-server-name"),
            Token = hasUser ? u.Str("token") : null,
            TokenFile = hasUser ? Relative(user.File, u.Str("tokenFile")) : null,
            Username = hasUser ? u.Str("username") : null,
            Password = hasUser ? u.Str("password") : null,
            ClientCertificateData = hasUser ? Base64(u.Str("client-certificate-data"), "client-certificate-data") : null,
            ClientCertificateFile = hasUser ? Relative(user.File, u.Str("client-certificate")) : null,
            ClientKeyData = hasUser ? Base64(u.Str("client-key-data"), "client-key-data") : null,
            ClientKeyFile = hasUser ? Relative(user.File, u.Str("client-key")) : null,
            Exec = hasUser && u.Path("exec") is { } exec ? Exec(exec, user.File) : null,
            Namespace = context.Str("namespace"),
        };
    }

    private static ExecConfig Exec(JsonElement exec, string file) => new(
        exec.Str("command") is { Length: > 0 } command ? ResolveCommand(command, file) : throw new KubernetesConfigException($"exec plugin in {file} has no command"),
        exec.Strings("args"),
        exec.Items("env").Where(e => e.Str("name") is not null).ToDictionary(e => e.Str("name")!, e => e.Str("value") ?? ""),
        exec.Str("apiVersion") ?? "client.authentication.k8s.io/v1",
        exec.Bool("provideClusterInfo") ?? false,
        exec.Str("installHint"));

    // kubectl resolves a relative command containing a path separator against the kubeconfig's directory.
    private static string ResolveCommand(string command, string file) =>
        command.Contains('/') && !Path.IsPathRooted(command) ? Path.GetFullPath(command, Path.GetDirectoryName(file)!) : command;

    private static string? Relative(string file, string? path) =>
        string.IsNullOrEmpty(path) ? null : Path.IsPathRooted(path) ? path : Path.GetFullPath(path, Path.GetDirectoryName(file)!);

    private static byte[]? Base64(string? data, string field)
    {
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw new KubernetesConfigException($"{field} is not valid base64");
        }
    }
}
