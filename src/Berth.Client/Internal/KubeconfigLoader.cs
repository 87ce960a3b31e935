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
    internal sealed record Loaded(KubernetesClientConfiguration Configuration, string Namespace, IReadOnlyList<string> Files, string? Context);

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

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, contextName);
        }
        catch (Exception e)
        {
            throw new BerthClientException($"kubeconfig {string.Join(", ", files)}, context \"{contextName}\": {e.Message}");
        }

        if (config.SkipTlsVerify)
            throw new BerthClientException($"kubeconfig {string.Join(", ", files)}, context \"{contextName}\" sets insecure-skip-tls-verify; Berth keeps TLS verification on: give the cluster's certificate-authority instead");

        var ns = !string.IsNullOrWhiteSpace(@namespace) ? @namespace : !string.IsNullOrWhiteSpace(config.Namespace) ? config.Namespace : "default";
        return new Loaded(config, ns, files, contextName);
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
