using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using k8s;
using k8s.KubeConfigModels;

namespace Berth.Client.Internal;

/// <summary>Finds and merges kubeconfig files like kubectl does.</summary>
internal static class KubeconfigLoader
{
    /// <param name="Configuration">The settings of the context.</param>
    /// <param name="Namespace">The namespace for apps that name none.</param>
    /// <param name="Files">The kubeconfig files read.</param>
    /// <param name="Context">The context used.</param>
    /// <param name="Trust">How the server's certificate is checked.</param>
    /// <param name="Warnings">What the user must be told each run (insecure-skip-tls-verify).</param>
    internal sealed record Loaded(KubernetesClientConfiguration Configuration, string Namespace, IReadOnlyList<string> Files, string? Context, ServerTrust Trust, IReadOnlyList<string> Warnings)
    {
        /// <summary>A Kubernetes client whose TLS handshakes <see cref="Trust"/> checks.</summary>
        public Kubernetes CreateClient() => Trust.CreateClient(Configuration);
    }

    public static Loaded Load(string? path, string? context, string? @namespace, Func<string, string?> env)
    {
        var candidates = Candidates(path, env);
        var files = candidates.Where(File.Exists).ToList();
        if (files.Count == 0)
            throw new BerthClientException($"no kubeconfig found (looked at: {string.Join(", ", candidates)}); pass a path, set KUBECONFIG, or create ~/.kube/config");

        K8SConfiguration merged;
        try
        {
            merged = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(files[0]), useRelativePaths: true);
            foreach (var more in files.Skip(1))
                Merge(merged, KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(more), useRelativePaths: true));
        }
        catch (Exception e) when (e is not BerthClientException)
        {
            throw new BerthClientException($"kubeconfig {string.Join(", ", files)} could not be read: {e.Message}");
        }

        var contextName = string.IsNullOrEmpty(context) ? merged.CurrentContext : context;
        if (string.IsNullOrEmpty(contextName))
            throw new BerthClientException($"kubeconfig {string.Join(", ", files)} has no current-context; pass a context ({string.Join(", ", merged.Contexts?.Select(c => c.Name) ?? Array.Empty<string>())})");
        if (merged.Contexts?.Any(c => c.Name == contextName) != true)
            throw new BerthClientException($"kubeconfig {string.Join(", ", files)} has no context \"{contextName}\"; contexts: {string.Join(", ", merged.Contexts?.Select(c => c.Name) ?? Array.Empty<string>())}");

        var source = $"kubeconfig {string.Join(", ", files)}, context \"{contextName}\"";
        RefuseCredentialsWithoutTls(merged, contextName, source);

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, contextName);
        }
        catch (Exception e)
        {
            throw new BerthClientException($"{source}: {ExecFailure(merged, contextName, e.Message) ?? e.Message}");
        }

        var warnings = new List<string>();
        if (config.SkipTlsVerify)
        {
            // kubectl refuses this combination too ("specifying a root certificates file with the insecure flag is not allowed")
            if (config.SslCaCerts is { Count: > 0 })
                throw new BerthClientException($"{source} sets both insecure-skip-tls-verify and a certificate-authority; remove insecure-skip-tls-verify (the certificate-authority is enough to verify the server)");
            warnings.Add($"{source} sets insecure-skip-tls-verify: the certificate of {config.Host} is NOT verified, so anyone on the network path can pose as the API server and receive the credentials; " +
                         "give the cluster's certificate-authority(-data) in the kubeconfig instead");
        }

        var trust = new ServerTrust(new Uri(config.Host), config.TlsServerName, config.SslCaCerts, config.SkipTlsVerify, source);
        var ns = !string.IsNullOrWhiteSpace(@namespace) ? @namespace : !string.IsNullOrWhiteSpace(config.Namespace) ? config.Namespace : "default";
        return new Loaded(config, ns, files, contextName, trust, warnings);
    }

    /// <summary>
    /// Refuses a plain <c>http://</c> server: Berth sends credentials only over verified TLS, and speaks to no
    /// server without TLS at all (a plain-HTTP server is refused even for a user without credentials). Checked on the
    /// kubeconfig itself, before an exec plugin is run.
    /// </summary>
    private static void RefuseCredentialsWithoutTls(K8SConfiguration merged, string contextName, string source)
    {
        var details = merged.Contexts!.First(c => c.Name == contextName).ContextDetails;
        var cluster = merged.Clusters?.FirstOrDefault(c => string.Equals(c.Name, details?.Cluster, StringComparison.OrdinalIgnoreCase));
        var server = cluster?.ClusterEndpoint?.Server;
        if (server is null || !Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            return;

        var user = merged.Users?.FirstOrDefault(u => string.Equals(u.Name, details?.User, StringComparison.OrdinalIgnoreCase))?.UserCredentials;
        var credentials = new List<string>();
        if (!string.IsNullOrWhiteSpace(user?.Token)) credentials.Add("a token");
        if (!string.IsNullOrWhiteSpace(user?.UserName) || !string.IsNullOrWhiteSpace(user?.Password)) credentials.Add("a username and password");
        if (!string.IsNullOrWhiteSpace(user?.ClientCertificate) || !string.IsNullOrWhiteSpace(user?.ClientCertificateData)) credentials.Add("a client certificate");
        if (user?.ExternalExecution is not null) credentials.Add("an exec credential plugin");
        if (user?.AuthProvider is not null) credentials.Add("an auth-provider");
        var what = credentials.Count == 0
            ? "Berth talks to API servers only over verified TLS (https://)"
            : $"its user \"{details?.User}\" has {string.Join(", ", credentials)}, which Berth never sends without TLS";
        throw new BerthClientException(
            $"{source}: the server {server} is plain http://, and {what}; nothing was sent. " +
            "Use the https:// address of the API server with its certificate-authority(-data) in the cluster entry");
    }

    /// <summary>
    /// The failure of an exec credential plugin, said without the client library's stack trace: which user's plugin, what
    /// it did wrong. Null for other failures. The plugin's own stderr has already reached the user (as with kubectl).
    /// </summary>
    private static string? ExecFailure(K8SConfiguration merged, string contextName, string message)
    {
        const string prefix = "external exec failed";
        if (!message.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var userName = merged.Contexts!.First(c => c.Name == contextName).ContextDetails?.User;
        var command = merged.Users?.FirstOrDefault(u => u.Name == userName)?.UserCredentials?.ExternalExecution?.Command;
        var reason = message.Contains("deserialization", StringComparison.Ordinal)
            ? "it printed no ExecCredential on stdout (it failed, or printed something else; its own messages, if any, are above)"
            : message[prefix.Length..].Split(new[] { " ---> ", "\n", "   at " }, StringSplitOptions.None)[0].Trim().TrimEnd(':', '.');
        return $"the exec credential plugin of user \"{userName}\" ({command}) failed: {reason}; run it by hand to see why, or log in again with the tool that wrote it";
    }

    internal static IReadOnlyList<string> Candidates(string? path, Func<string, string?> env)
    {
        if (!string.IsNullOrWhiteSpace(path))
            return new[] { path };
        var fromEnv = env("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            var list = fromEnv.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length > 0)
                return list;
        }

        var home = env("HOME") ?? env("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new[] { Path.Combine(home, ".kube", "config") };
    }

    /// <summary>kubectl's merge: the first file to set a value wins; lists are merged by name.</summary>
    private static void Merge(K8SConfiguration into, K8SConfiguration from)
    {
        if (string.IsNullOrEmpty(into.CurrentContext))
            into.CurrentContext = from.CurrentContext;
        into.Clusters = MergeByName(into.Clusters, from.Clusters, c => c.Name);
        into.Users = MergeByName(into.Users, from.Users, u => u.Name);
        into.Contexts = MergeByName(into.Contexts, from.Contexts, c => c.Name);
    }

    private static List<T> MergeByName<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> name)
    {
        var result = (first ?? Enumerable.Empty<T>()).ToList();
        var names = result.Select(name).ToHashSet(StringComparer.Ordinal);
        result.AddRange((second ?? Enumerable.Empty<T>()).Where(item => names.Add(name(item))));
        return result;
    }
}
