using System;
using System.Collections.Generic;
using Berth.Rules.Dsl;
using Berth.Rules.Model;

namespace Berth.Analyzers;

/// <summary>
/// The table from DSL method to DSL step: for each app-level method of <c>StatefulApp</c>, the step of
/// <see cref="AppSteps"/> that the runtime runs too, with the arguments converted to model values (<see cref="StepArgs"/>).
/// An entry says which parameter feeds which argument of the step, never what the method does. <see cref="DslSymbols"/>
/// resolves the entries to method symbols once per compilation; a test checks that every public fluent method has one.
/// </summary>
internal static class StepTable
{
    /// <summary>Runs one step on the state the reader owns.</summary>
    public delegate void AppStep(AppSpec spec, StepArgs args);

    /// <summary>The app-level steps, by method name (overloads are told apart by their parameters).</summary>
    public static readonly IReadOnlyDictionary<string, AppStep> App = new Dictionary<string, AppStep>(StringComparer.Ordinal)
    {
        ["InNamespace"] = (s, a) => AppSteps.InNamespace(s, a.String("namespace"), a.Bool("create")),
        ["Replicas"] = (s, a) => AppSteps.Replicas(s, a.NullableInt("replicas")),
        ["IdentityLabels"] = (s, a) => AppSteps.IdentityLabels(s, a.Labels("labels")),
        ["Label"] = (s, a) => AppSteps.Label(s, a.NonNullString("key"), a.NonNullString("value"), a.Enum("on")),
        ["Annotation"] = (s, a) => AppSteps.Annotation(s, a.NonNullString("key"), a.NonNullString("value"), a.Enum("on")),
        ["PodAnnotation"] = (s, a) => AppSteps.PodAnnotation(s, a.NonNullString("key"), a.NonNullString("value")),
        ["Selector"] = (s, a) => AppSteps.Selector(s, a.Labels("matchLabels")),
        ["GoverningService"] = (s, a) => AppSteps.GoverningService(s, a.String("name"), a.Bool("publishNotReadyAddresses"), a.OptionalStrings("ports"), a.At),
        ["PublishNotReadyAddresses"] = (s, a) => AppSteps.PublishNotReadyAddresses(s, a.At),
        ["UseExistingService"] = (s, a) => AppSteps.UseExistingService(s, a.String("name"), a.At),
        ["ClientService"] = (s, a) => AppSteps.ClientService(s, a.String("name"), a.Enum("type"), a.OptionalStrings("ports"), a.At),
        ["PodManagement"] = (s, a) => AppSteps.PodManagement(s, a.Enum("policy")),
        ["RollingUpdate"] = (s, a) => AppSteps.RollingUpdate(s, a.NullableInt("partition"), a.IntOrPercent("maxUnavailable"), a.At),
        ["OnDelete"] = (s, a) => AppSteps.OnDelete(s, a.At),
        ["RevisionHistoryLimit"] = (s, a) => AppSteps.RevisionHistoryLimit(s, a.NullableInt("count")),
        ["MinReadySeconds"] = (s, a) => AppSteps.MinReadySeconds(s, a.NullableInt("seconds")),
        ["ClaimRetention"] = (s, a) => AppSteps.ClaimRetention(s, a.Enum("whenDeleted"), a.Enum("whenScaled"), a.At),
        ["StartOrdinal"] = (s, a) => AppSteps.StartOrdinal(s, a.NullableInt("start")),
        ["Volume"] = (s, a) => AppSteps.Volume(s, a.String("name"), a.VolumeSource("source"), a.At),
        ["VolumeClaim"] = (s, a) => AppSteps.VolumeClaim(s, a.String("name"), a.String("size"),
            a.Has("accessModes") ? a.EnumArray("accessModes") : a.EnumItem("accessMode"), a.String("storageClass"), a.Enum("volumeMode"),
            a.Dictionary("labels"), a.At),
        ["ServiceAccount"] = (s, a) => AppSteps.ServiceAccount(s, a.String("name")),
        ["TerminationGracePeriod"] = (s, a) => AppSteps.TerminationGracePeriod(s, a.NullableLong("seconds")),
        ["NodeSelector"] = (s, a) => AppSteps.NodeSelector(s, a.NonNullString("key"), a.NonNullString("value")),
        ["Toleration"] = (s, a) => AppSteps.Toleration(s, a.String("key"), a.String("value"), a.Enum("effect"), a.NullableLong("tolerationSeconds"), a.At),
        ["Affinity"] = (s, a) => AppSteps.Affinity(s, AffinityReader.Read(a.Operation("affinity"))),
        ["AntiAffinity"] = (s, a) => AppSteps.AffinityTerm(s, anti: true, a.String("topologyKey"), a.NullableInt("weight"), a.LabelExprs("selector"), a.At),
        ["PodAffinity"] = (s, a) => AppSteps.AffinityTerm(s, anti: false, a.String("topologyKey"), a.NullableInt("weight"), a.LabelExprs("selector"), a.At),
        ["NodeAffinity"] = (s, a) => AppSteps.NodeAffinity(s, a.String("key"), a.Enum("op"), a.Strings("values"), a.At),
        ["PreferNodeAffinity"] = (s, a) => AppSteps.PreferNodeAffinity(s, a.NullableInt("weight"), a.String("key"), a.Enum("op"), a.Strings("values"), a.At),
        ["SpreadAcrossNodes"] = (s, a) => AppSteps.SpreadAcrossNodes(s, a.Bool("required"), a.At),
        ["SpreadAcrossZones"] = (s, a) => AppSteps.SpreadAcrossZones(s, a.Bool("required"), a.At),
        ["PriorityClass"] = (s, a) => AppSteps.PriorityClass(s, a.String("name")),
        ["ImagePullSecret"] = (s, a) => AppSteps.ImagePullSecret(s, a.String("secret")),
        ["ConfigMap"] = (s, a) => AppSteps.ConfigMap(s, a.String("name"), null, a.At),
        ["DisruptionBudget"] = (s, a) => AppSteps.DisruptionBudget(s, a.IntOrPercent("maxUnavailable"), a.IntOrPercent("minAvailable"), a.String("name"), a.At),
        ["QuorumBudget"] = (s, a) => AppSteps.QuorumBudget(s, a.String("name"), a.At),
        ["ClusterDomain"] = (s, a) => AppSteps.ClusterDomain(s, a.String("domain")),
        ["With"] = (s, a) =>
        {
            if (a.Has("yaml")) AppSteps.With(s, a.String("yaml"));
            else AppSteps.Carry(s, a.EntityKind("obj"));
        },

        ["PodSecurity"] = (s, _) => AppSteps.PodSecurity(s),
        ["RunAsUser"] = (s, a) => AppSteps.RunAsUser(s, a.NullableLong("user"), a.NullableLong("group"), a.At),
        ["RunAsNonRoot"] = (s, a) => AppSteps.RunAsNonRoot(s, a.At),
        ["FsGroup"] = (s, a) => AppSteps.FsGroup(s, a.NullableLong("group"), a.At),
        ["FsGroupChangePolicy"] = (s, a) => AppSteps.FsGroupChangePolicy(s, a.Enum("policy"), a.At),
        ["SupplementalGroups"] = (s, a) => AppSteps.SupplementalGroups(s, a.Longs("groups"), a.At),
        ["SeccompProfile"] = (s, a) => AppSteps.SeccompProfile(s, a.Enum("type"), a.String("localhostProfile"), a.At),
    };

    /// <summary>Runs one container step on the container the reader owns.</summary>
    public delegate void ContainerStep(ContainerModel container, StepArgs args);

    /// <summary>The methods of <c>ContainerSpec</c> (<see cref="ContainerSteps"/>), by method name (overloads told apart by their parameters).</summary>
    public static readonly IReadOnlyDictionary<string, ContainerStep> Container = new Dictionary<string, ContainerStep>(StringComparer.Ordinal)
    {
        ["Image"] = (c, a) => ContainerSteps.Image(c, a.String("image")),
        ["PullPolicy"] = (c, a) => ContainerSteps.PullPolicy(c, a.Enum("policy")),
        ["Command"] = (c, a) => ContainerSteps.Command(c, a.Strings("command")),
        ["Args"] = (c, a) => ContainerSteps.Args(c, a.Strings("args")),
        ["WorkingDir"] = (c, a) => ContainerSteps.WorkingDir(c, a.String("path")),
        ["Port"] = (c, a) => ContainerSteps.Port(c, a.Has("name") ? a.String("name") : Val<string?>.Of(null), a.Int("port"), a.Enum("protocol"), Val<int?>.Of(null), a.At),
        ["HostPort"] = (c, a) => ContainerSteps.Port(c, a.String("name"), a.Int("port"), a.Enum("protocol"), a.NullableInt("hostPort"), a.At),
        ["Env"] = (c, a) => ContainerSteps.Env(c, a.String("name"), a.String("value"), a.At),
        ["EnvFromSecret"] = (c, a) => ContainerSteps.EnvFromSecret(c, a.String("name"), a.String("secret"), a.String("key"), a.Bool("optional"), a.At),
        ["EnvFromConfigMap"] = (c, a) => ContainerSteps.EnvFromConfigMap(c, a.String("name"), a.String("configMap"), a.String("key"), a.Bool("optional"), a.At),
        ["EnvFromPod"] = (c, a) => ContainerSteps.EnvFromPod(c, a.String("name"), a.Enum("field"), a.At),
        ["EnvFromAllOfSecret"] = (c, a) => ContainerSteps.EnvFromAllOfSecret(c, a.String("secret"), a.String("prefix"), a.At),
        ["EnvFromAllOfConfigMap"] = (c, a) => ContainerSteps.EnvFromAllOfConfigMap(c, a.String("configMap"), a.String("prefix"), a.At),
        ["Requests"] = (c, a) => ContainerSteps.Requests(c, a.String("cpu"), a.String("memory"), a.String("ephemeralStorage"), a.At),
        ["Limits"] = (c, a) => ContainerSteps.Limits(c, a.String("cpu"), a.String("memory"), a.String("ephemeralStorage"), a.At),
        ["Resource"] = (c, a) => ContainerSteps.Resource(c, a.NonNullString("resource"), a.String("request"), a.String("limit"), a.At),
        ["Readiness"] = (c, a) => ContainerSteps.Readiness(c, a.Probe("probe"), a.Location("probe") ?? a.At),
        ["Liveness"] = (c, a) => ContainerSteps.Liveness(c, a.Probe("probe"), a.Location("probe") ?? a.At),
        ["Startup"] = (c, a) => ContainerSteps.Startup(c, a.Probe("probe"), a.Location("probe") ?? a.At),
        ["PreStop"] = (c, a) => ContainerSteps.PreStop(c, a.Strings("command"), a.At),
        ["PreStopHttp"] = (c, a) => ContainerSteps.PreStopHttp(c, a.String("path"), a.String("portName"), a.At),
        ["Mount"] = (c, a) => ContainerSteps.Mount(c, a.String("volume"), a.String("path"), a.String("subPath"), a.Bool("readOnly"), a.At),
        ["AsSidecar"] = (c, a) => ContainerSteps.AsSidecar(c, a.At),
        ["RunAsUser"] = (c, a) => ContainerSteps.RunAsUser(c, a.NullableLong("user"), a.NullableLong("group"), a.At),
        ["ReadOnlyRootFilesystem"] = (c, a) => ContainerSteps.ReadOnlyRootFilesystem(c, a.At),
        ["RunAsGroup"] = (c, a) => ContainerSteps.RunAsGroup(c, a.NullableLong("group"), a.At),
        ["RunAsNonRoot"] = (c, a) => ContainerSteps.RunAsNonRoot(c, a.At),
        ["AllowPrivilegeEscalation"] = (c, a) => ContainerSteps.AllowPrivilegeEscalation(c, a.Bool("allow"), a.At),
        ["Privileged"] = (c, a) => ContainerSteps.Privileged(c, a.At),
        ["AddCapabilities"] = (c, a) => ContainerSteps.AddCapabilities(c, a.Strings("capabilities"), a.At),
        ["DropCapabilities"] = (c, a) => ContainerSteps.DropCapabilities(c, a.Strings("capabilities"), a.At),
        ["SeccompProfile"] = (c, a) => ContainerSteps.SeccompProfile(c, a.Enum("type"), a.String("localhostProfile"), a.At),
        ["SecurityContext"] = (c, a) => ContainerSteps.SecurityContext(c, SecurityContextReader.Read(a.Operation("context"), a.At)),
    };

    /// <summary>Makes the model of a volume source.</summary>
    public delegate VolumeModel VolumeFactory(StepArgs args);

    /// <summary>The factories of <c>VolumeSource</c> (<see cref="VolumeSteps"/>).</summary>
    public static readonly IReadOnlyDictionary<string, VolumeFactory> VolumeFactories = new Dictionary<string, VolumeFactory>(StringComparer.Ordinal)
    {
        ["ConfigMap"] = a => VolumeSteps.KeysAsFiles(a.NullableInt("defaultMode"), a.Call),
        ["Secret"] = a => VolumeSteps.KeysAsFiles(a.NullableInt("defaultMode"), a.Call),
        ["EmptyDir"] = a => VolumeSteps.EmptyDir(a.String("sizeLimit"), a.Call),
        ["Projected"] = a => VolumeSteps.Projected(a.Call),
    };

    /// <summary>The modifiers of <c>VolumeSource</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Action<VolumeModel, StepArgs>> Volume = new Dictionary<string, Action<VolumeModel, StepArgs>>(StringComparer.Ordinal)
    {
        ["Item"] = (v, _) => VolumeSteps.Item(v),
    };

    /// <summary>Makes a probe.</summary>
    public delegate ProbeModel ProbeFactory(StepArgs args);

    /// <summary>Changes a probe the reader owns.</summary>
    public delegate void ProbeStep(ProbeModel probe, StepArgs args);

    /// <summary>The factories of <c>Probe</c> (<see cref="ProbeSteps"/>).</summary>
    public static readonly IReadOnlyDictionary<string, ProbeFactory> ProbeFactories = new Dictionary<string, ProbeFactory>(StringComparer.Ordinal)
    {
        ["Tcp"] = a => ProbeSteps.Tcp(a.ProbePort(), a.Call),
        ["Http"] = a => ProbeSteps.Http(a.String("path"), a.ProbePort(), a.Bool("https"), a.Call),
        ["Exec"] = a => ProbeSteps.Exec(a.Strings("command"), a.Call),
        ["Grpc"] = a => ProbeSteps.Grpc(a.ProbePort(), a.String("service"), a.Call),
    };

    /// <summary>The modifiers of <c>Probe</c>.</summary>
    public static readonly IReadOnlyDictionary<string, ProbeStep> Probe = new Dictionary<string, ProbeStep>(StringComparer.Ordinal)
    {
        ["InitialDelay"] = (p, a) => ProbeSteps.InitialDelay(p, a.NullableInt("seconds")),
        ["Every"] = (p, a) => ProbeSteps.Every(p, a.NullableInt("seconds")),
        ["Timeout"] = (p, a) => ProbeSteps.Timeout(p, a.NullableInt("seconds")),
        ["FailureThreshold"] = (p, a) => ProbeSteps.FailureThreshold(p, a.NullableInt("count")),
        ["SuccessThreshold"] = (p, a) => ProbeSteps.SuccessThreshold(p, a.NullableInt("count")),
        ["TerminationGracePeriod"] = (p, a) => ProbeSteps.TerminationGracePeriod(p, a.NullableLong("seconds")),
    };

    /// <summary>
    /// The app-level methods whose arguments are code the reader follows itself (the lambdas of containers, the edits of
    /// <c>Customize</c>): see <c>ChainReader</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> AppCode = new[] { "Container", "InitContainer", "WithContainer", "Customize" };
}
