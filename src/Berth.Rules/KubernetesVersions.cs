using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Rules;

/// <summary>Whether a Kubernetes version has a field, and whether it is on.</summary>
public enum FieldAvailability
{
    /// <summary>The version does not know the field: the API server drops it silently (or refuses the value).</summary>
    Absent,
    /// <summary>The field exists behind a feature gate that is off by default (alpha, or a beta that is off): dropped unless the gate is enabled.</summary>
    OffByDefault,
    /// <summary>The field is served and on by default (beta on, or GA).</summary>
    Available,
}

/// <summary>
/// A field that Berth can write and that not every Kubernetes version serves: when it came (off by default, behind its
/// feature gate), when it was turned on by default, and when it became GA. One row of <see cref="KubernetesVersions.Fields"/>.
/// </summary>
public sealed class VersionedField
{
    internal VersionedField(string kind, string path, string dslCall, string featureGate, string since, string onByDefault, string? ga)
    {
        Kind = kind;
        Path = path;
        DslCall = dslCall;
        FeatureGate = featureGate;
        Since = KubernetesVersions.Parse(since);
        OnByDefault = KubernetesVersions.Parse(onByDefault);
        GA = ga is null ? null : KubernetesVersions.Parse(ga);
    }

    /// <summary>The object kind: StatefulSet or PodDisruptionBudget.</summary>
    public string Kind { get; }

    /// <summary>The field path, e.g. <c>spec.ordinals.start</c>; a <c>*</c> stands for a container or probe.</summary>
    public string Path { get; }

    /// <summary>The DSL call that writes it, e.g. <c>StartOrdinal(...)</c>.</summary>
    public string DslCall { get; }

    /// <summary>The feature gate that guards it, e.g. <c>StatefulSetStartOrdinal</c>.</summary>
    public string FeatureGate { get; }

    /// <summary>The first version that knows the field (alpha: off by default).</summary>
    public Version Since { get; }

    /// <summary>The first version that has it on by default (beta on, or GA).</summary>
    public Version OnByDefault { get; }

    /// <summary>The version it became GA (the gate locked on), or null while it is not GA.</summary>
    public Version? GA { get; }

    /// <summary>What <paramref name="version"/> does with the field.</summary>
    public FieldAvailability In(Version version) =>
        version < Since ? FieldAvailability.Absent : version < OnByDefault ? FieldAvailability.OffByDefault : FieldAvailability.Available;

    /// <inheritdoc/>
    public override string ToString() => Kind + " " + Path;
}

/// <summary>
/// The one table of what each Kubernetes version serves, for the fields Berth's DSL can write, from the Kubernetes
/// release history (feature-gate tables and release notes; see docs/guides/kubernetes-versions.md). Read by the version
/// rules (BERTH100, BERTH101), the build step (which writes the API versions a target serves) and the client (which
/// refuses, before sending anything, fields the server it talks to would drop).
/// </summary>
public static class KubernetesVersions
{
    /// <summary>The oldest Kubernetes version Berth targets (the version of its test cluster).</summary>
    public static Version Oldest { get; } = new Version(1, 20);

    /// <summary>The first version that serves <c>policy/v1</c> PodDisruptionBudgets (<c>policy/v1beta1</c> was removed in 1.25).</summary>
    public static Version DisruptionBudgetV1Since { get; } = new Version(1, 21);

    /// <summary><c>spec.ordinals.start</c>: alpha 1.26, beta (on) 1.27, GA 1.31.</summary>
    public static VersionedField StartOrdinal { get; } = new("StatefulSet", "spec.ordinals.start", "StartOrdinal(...)", "StatefulSetStartOrdinal", "1.26", "1.27", "1.31");

    /// <summary><c>spec.persistentVolumeClaimRetentionPolicy</c>: alpha 1.23, beta (on) 1.27, GA 1.32.</summary>
    public static VersionedField ClaimRetention { get; } = new("StatefulSet", "spec.persistentVolumeClaimRetentionPolicy", "ClaimRetention(...)", "StatefulSetAutoDeletePVC", "1.23", "1.27", "1.32");

    /// <summary>
    /// <c>spec.updateStrategy.rollingUpdate.maxUnavailable</c>: alpha 1.24; beta in 1.35 but off by default from 1.35.4 (a bug
    /// turned the gate off again), on by default in 1.37.
    /// </summary>
    public static VersionedField MaxUnavailable { get; } = new("StatefulSet", "spec.updateStrategy.rollingUpdate.maxUnavailable", "RollingUpdate(maxUnavailable: ...)", "MaxUnavailableStatefulSet", "1.24", "1.37", null);

    /// <summary><c>spec.minReadySeconds</c>: alpha 1.22, beta (on) 1.23, GA 1.25.</summary>
    public static VersionedField MinReadySeconds { get; } = new("StatefulSet", "spec.minReadySeconds", "MinReadySeconds(...)", "StatefulSetMinReadySeconds", "1.22", "1.23", "1.25");

    /// <summary>A probe's <c>grpc</c> handler: alpha 1.23, beta (on) 1.24, GA 1.27.</summary>
    public static VersionedField GrpcProbe { get; } = new("StatefulSet", "spec.template.spec.containers[*].*Probe.grpc", "Probe.Grpc(...)", "GRPCContainerProbe", "1.23", "1.24", "1.27");

    /// <summary>A probe's <c>terminationGracePeriodSeconds</c>: alpha 1.21, beta off 1.22–1.24, on 1.25, GA 1.28.</summary>
    public static VersionedField ProbeTerminationGracePeriod { get; } = new("StatefulSet", "spec.template.spec.containers[*].*Probe.terminationGracePeriodSeconds", "Probe...TerminationGracePeriod(...)", "ProbeTerminationGracePeriod", "1.21", "1.25", "1.28");

    /// <summary>An init container's <c>restartPolicy: Always</c> (a native sidecar): alpha 1.28, beta (on) 1.29, GA 1.33.</summary>
    public static VersionedField Sidecar { get; } = new("StatefulSet", "spec.template.spec.initContainers[*].restartPolicy", "InitContainer(..., c => c.AsSidecar())", "SidecarContainers", "1.28", "1.29", "1.33");

    /// <summary>The <c>ReadWriteOncePod</c> access mode of a claim template: alpha 1.22, beta (on) 1.27, GA 1.29.</summary>
    public static VersionedField ReadWriteOncePod { get; } = new("StatefulSet", "spec.volumeClaimTemplates[*].spec.accessModes (ReadWriteOncePod)", "VolumeClaim(..., AccessMode.ReadWriteOncePod)", "ReadWriteOncePod", "1.22", "1.27", "1.29");

    /// <summary>A PodDisruptionBudget's <c>spec.unhealthyPodEvictionPolicy</c>: alpha 1.26, beta (on) 1.27, GA 1.31.</summary>
    public static VersionedField UnhealthyPodEvictionPolicy { get; } = new("PodDisruptionBudget", "spec.unhealthyPodEvictionPolicy", "Customize(m => m.DisruptionBudget...)", "PDBUnhealthyPodEvictionPolicy", "1.26", "1.27", "1.31");

    /// <summary>Every row, in the order of the documentation.</summary>
    public static IReadOnlyList<VersionedField> Fields { get; } = new[]
    {
        StartOrdinal, ClaimRetention, MaxUnavailable, MinReadySeconds, GrpcProbe, ProbeTerminationGracePeriod, Sidecar, ReadWriteOncePod,
        UnhealthyPodEvictionPolicy,
    };

    /// <summary>The apiVersion a PodDisruptionBudget is written with for <paramref name="version"/>: policy/v1 from 1.21, else policy/v1beta1.</summary>
    public static string DisruptionBudgetApiVersion(Version version) => version >= DisruptionBudgetV1Since ? "policy/v1" : "policy/v1beta1";

    /// <summary>
    /// Reads a target version: <c>1.29</c>, <c>v1.29</c> or <c>1.29.3</c> (the patch is ignored) as major.minor. False for
    /// anything else, and for a version older than <see cref="Oldest"/>.
    /// </summary>
    public static bool TryParse(string? text, out Version version) => TryRead(text, out version) && version >= Oldest;

    /// <summary>Reads the form of a version only (<see cref="TryParse"/> also refuses one older than <see cref="Oldest"/>).</summary>
    public static bool TryRead(string? text, out Version version)
    {
        version = Oldest;
        var match = Regex.Match(text?.Trim() ?? string.Empty, @"^v?(\d{1,3})\.(\d{1,3})(\.\d{1,4})?$");
        if (!match.Success)
            return false;
        version = new Version(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>"1.29" for a version.</summary>
    public static string Text(Version version) => version.Major.ToString(CultureInfo.InvariantCulture) + "." + version.Minor.ToString(CultureInfo.InvariantCulture);

    internal static Version Parse(string text) => TryParse(text, out var v) ? v : throw new ArgumentException("not a version: " + text, nameof(text));
}
