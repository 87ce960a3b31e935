using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s;
using k8s.Models;

namespace Berth.Client;

/// <summary>What the API server is and serves, as far as Berth cares; asked once per <see cref="BerthClient"/>.</summary>
public sealed record ServerInfo
{
    /// <summary>The server's git version, e.g. <c>v1.20.2</c>.</summary>
    public required string GitVersion { get; init; }

    /// <summary>Major and minor version, e.g. 1.20.</summary>
    public required Version Version { get; init; }

    /// <summary>
    /// The apiVersion Berth writes PodDisruptionBudgets with: <c>policy/v1</c> when served (1.21+), else
    /// <c>policy/v1beta1</c>; null when the server serves neither.
    /// </summary>
    public string? DisruptionBudgetApiVersion { get; init; }

    /// <summary>
    /// The StatefulSet spec fields this server lets an update change (1.20: replicas, template, updateStrategy;
    /// later versions add minReadySeconds, persistentVolumeClaimRetentionPolicy, ordinals, ...).
    /// </summary>
    public required IReadOnlyList<string> MutableStatefulSetFields { get; init; }

    /// <summary>True when the server is at least <paramref name="major"/>.<paramref name="minor"/>.</summary>
    public bool IsAtLeast(int major, int minor) => Version >= new Version(major, minor);

    /// <inheritdoc/>
    public override string ToString() => $"{GitVersion} (PodDisruptionBudget {DisruptionBudgetApiVersion ?? "not served"}; mutable StatefulSet spec fields: {string.Join(", ", MutableStatefulSetFields)})";

    /// <summary>
    /// The spec fields a StatefulSet update may change on Kubernetes <paramref name="version"/>, from the API
    /// server's validation ("updates to statefulset spec for fields other than ... are forbidden") of each release.
    /// </summary>
    public static IReadOnlyList<string> MutableFieldsFor(Version version)
    {
        var fields = new List<string> { "replicas", "template", "updateStrategy" };
        if (version >= new Version(1, 22)) fields.Add("minReadySeconds");
        if (version >= new Version(1, 23)) fields.Add("persistentVolumeClaimRetentionPolicy");
        if (version >= new Version(1, 26)) fields.Add("ordinals");
        if (version >= new Version(1, 33)) fields.Add("revisionHistoryLimit");
        return fields;
    }

    /// <summary>
    /// Reads the mutable-field list from the API server's own refusal, e.g. "spec: Forbidden: updates to statefulset
    /// spec for fields other than 'replicas', 'template', and 'updateStrategy' are forbidden". Null when the message
    /// is not that refusal.
    /// </summary>
    public static IReadOnlyList<string>? ParseMutableFields(string? serverMessage)
    {
        if (serverMessage is null)
            return null;
        var match = Regex.Match(serverMessage, "updates to statefulset spec for fields other than (.*?) are forbidden");
        if (!match.Success)
            return null;
        return Regex.Matches(match.Groups[1].Value, "'([A-Za-z]+)'").Select(m => m.Groups[1].Value).ToArray();
    }

    internal static async Task<ServerInfo> DiscoverAsync(KubeApi api, CancellationToken ct)
    {
        var server = new ObjectRef("Server", null, "version");
        var version = await api.CallAsync(server, "read", t => api.Client.Version.GetCodeAsync(t), ct).ConfigureAwait(false);
        var parsed = ParseVersion(version);
        var policy = await api.CallAsync(new ObjectRef("APIGroup", null, "policy"), "discover",
            t => api.Client.Policy.GetAPIGroupAsync(t), ct).ConfigureAwait(false);
        var served = policy.Versions?.Select(v => v.GroupVersion).ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>();
        var pdb = served.Contains("policy/v1") ? "policy/v1" : served.Contains("policy/v1beta1") ? "policy/v1beta1" : null;
        if (pdb == "policy/v1beta1")
        {
            // policy/v1beta1 also served PodSecurityPolicy: check that it serves PodDisruptionBudgets.
            var resources = await api.CallAsync(new ObjectRef("APIResourceList", null, "policy/v1beta1"), "discover",
                t => api.Client.CustomObjects.GetAPIResourcesAsync("policy", "v1beta1", t), ct).ConfigureAwait(false);
            if (resources.Resources?.Any(r => r.Name == "poddisruptionbudgets") != true)
                pdb = null;
        }

        return new ServerInfo
        {
            GitVersion = version.GitVersion ?? $"v{version.Major}.{version.Minor}",
            Version = parsed,
            DisruptionBudgetApiVersion = pdb,
            MutableStatefulSetFields = MutableFieldsFor(parsed),
        };
    }

    internal static Version ParseVersion(VersionInfo info)
    {
        static int Digits(string? s) => int.TryParse(new string((s ?? string.Empty).TakeWhile(char.IsDigit).ToArray()), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
        var major = Digits(info.Major);
        var minor = Digits(info.Minor);
        if (major >= 0 && minor >= 0)
            return new Version(major, minor);
        var match = Regex.Match(info.GitVersion ?? string.Empty, @"v?(\d+)\.(\d+)");
        return match.Success
            ? new Version(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : new Version(1, 0);
    }
}
