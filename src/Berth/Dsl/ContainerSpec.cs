using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Berth.Rules;
using k8s.Models;

namespace Berth;

/// <summary>A container of the pod template. Immutable: each call returns a new value.</summary>
public sealed record ContainerSpec
{
    internal ContainerSpec(string name, string image)
    {
        Name = name;
        ImageName = image;
    }

    /// <summary>The container name.</summary>
    public string Name { get; private init; }

    /// <summary>The image reference.</summary>
    public string ImageName { get; private init; }

    internal PullPolicy? Pull { get; private init; }
    internal ImmutableArray<string>? CommandLine { get; private init; }
    internal ImmutableArray<string>? Arguments { get; private init; }
    internal string? WorkDir { get; private init; }
    internal ImmutableList<PortSpec> Ports { get; private init; } = ImmutableList<PortSpec>.Empty;
    internal ImmutableList<Func<V1EnvVar>> EnvVars { get; private init; } = ImmutableList<Func<V1EnvVar>>.Empty;
    internal ImmutableList<Func<V1EnvFromSource>> EnvSources { get; private init; } = ImmutableList<Func<V1EnvFromSource>>.Empty;
    internal ImmutableSortedDictionary<string, string> RequestValues { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;
    internal ImmutableSortedDictionary<string, string> LimitValues { get; private init; } = ImmutableSortedDictionary<string, string>.Empty;
    internal Probe? ReadinessProbe { get; private init; }
    internal Probe? LivenessProbe { get; private init; }
    internal Probe? StartupProbe { get; private init; }
    internal Func<V1LifecycleHandler>? PreStopHandler { get; private init; }
    internal ImmutableList<Func<V1VolumeMount>> Mounts { get; private init; } = ImmutableList<Func<V1VolumeMount>>.Empty;
    internal V1SecurityContext? Security { get; private init; }
    internal bool IsSidecar { get; private init; }

    /// <summary>Changes the image.</summary>
    public ContainerSpec Image(string image) => this with { ImageName = image };

    /// <summary>Sets the image pull policy.</summary>
    public ContainerSpec PullPolicy(PullPolicy policy) => this with { Pull = policy };

    /// <summary>Replaces the image entrypoint.</summary>
    public ContainerSpec Command(params string[] command) => this with { CommandLine = command.ToImmutableArray() };

    /// <summary>Arguments to the entrypoint.</summary>
    public ContainerSpec Args(params string[] args) => this with { Arguments = args.ToImmutableArray() };

    /// <summary>The working directory.</summary>
    public ContainerSpec WorkingDir(string path) => this with { WorkDir = path };

    /// <summary>Exposes a named port; it also becomes a port of the governing Service.</summary>
    public ContainerSpec Port(string name, int port, Protocol protocol = Protocol.Tcp) =>
        this with { Ports = Ports.Add(new PortSpec(name, port, protocol, null)) };

    /// <summary>Exposes an unnamed port; it also becomes a port of the governing Service.</summary>
    public ContainerSpec Port(int port, Protocol protocol = Protocol.Tcp) =>
        this with { Ports = Ports.Add(new PortSpec(null, port, protocol, null)) };

    /// <summary>Exposes a named port that is also bound on the node (hostPort).</summary>
    public ContainerSpec HostPort(string name, int port, int hostPort, Protocol protocol = Protocol.Tcp) =>
        this with { Ports = Ports.Add(new PortSpec(name, port, protocol, hostPort)) };

    /// <summary>An environment variable with a literal value.</summary>
    public ContainerSpec Env(string name, string value) => this with { EnvVars = EnvVars.Add(() => new V1EnvVar { Name = name, Value = value }) };

    /// <summary>An environment variable from one key of a Secret.</summary>
    public ContainerSpec EnvFromSecret(string name, string secret, string key, bool optional = false) =>
        this with { EnvVars = EnvVars.Add(() => new V1EnvVar { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key, Optional = optional ? true : null } } }) };

    /// <summary>An environment variable from one key of a ConfigMap.</summary>
    public ContainerSpec EnvFromConfigMap(string name, string configMap, string key, bool optional = false) =>
        this with { EnvVars = EnvVars.Add(() => new V1EnvVar { Name = name, ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = configMap, Key = key, Optional = optional ? true : null } } }) };

    /// <summary>An environment variable from a pod field, e.g. <see cref="PodField.Name"/> for the stable pod name.</summary>
    public ContainerSpec EnvFromPod(string name, PodField field) =>
        this with { EnvVars = EnvVars.Add(() => new V1EnvVar { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = field.FieldPath() } } }) };

    /// <summary>Every key of a Secret as environment variables (envFrom), with an optional name prefix.</summary>
    public ContainerSpec EnvFromAllOfSecret(string secret, string? prefix = null) =>
        this with { EnvSources = EnvSources.Add(() => new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = secret }, Prefix = prefix }) };

    /// <summary>Every key of a ConfigMap as environment variables (envFrom), with an optional name prefix.</summary>
    public ContainerSpec EnvFromAllOfConfigMap(string configMap, string? prefix = null) =>
        this with { EnvSources = EnvSources.Add(() => new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMap }, Prefix = prefix }) };

    /// <summary>Resource requests, e.g. <c>Requests(cpu: "250m", memory: "512Mi")</c>.</summary>
    public ContainerSpec Requests(string? cpu = null, string? memory = null, string? ephemeralStorage = null) =>
        this with { RequestValues = With(RequestValues, cpu, memory, ephemeralStorage) };

    /// <summary>Resource limits, e.g. <c>Limits(memory: "1Gi")</c>.</summary>
    public ContainerSpec Limits(string? cpu = null, string? memory = null, string? ephemeralStorage = null) =>
        this with { LimitValues = With(LimitValues, cpu, memory, ephemeralStorage) };

    /// <summary>Request and limit of any resource, e.g. an extended resource such as nvidia.com/gpu.</summary>
    public ContainerSpec Resource(string resource, string? request = null, string? limit = null) => this with
    {
        RequestValues = request is null ? RequestValues : RequestValues.SetItem(resource, request),
        LimitValues = limit is null ? LimitValues : LimitValues.SetItem(resource, limit),
    };

    /// <summary>The readiness probe: the pod receives traffic and the rollout moves on only while it passes.</summary>
    public ContainerSpec Readiness(Probe probe) => this with { ReadinessProbe = probe };

    /// <summary>The liveness probe: the container is restarted when it fails.</summary>
    public ContainerSpec Liveness(Probe probe) => this with { LivenessProbe = probe };

    /// <summary>The startup probe: holds the other probes until it passes.</summary>
    public ContainerSpec Startup(Probe probe) => this with { StartupProbe = probe };

    /// <summary>A command run before the container is stopped (lifecycle.preStop).</summary>
    public ContainerSpec PreStop(params string[] command) =>
        this with { PreStopHandler = () => new V1LifecycleHandler { Exec = new V1ExecAction { Command = command.ToList() } } };

    /// <summary>An HTTP GET sent before the container is stopped (lifecycle.preStop).</summary>
    public ContainerSpec PreStopHttp(string path, string portName) =>
        this with { PreStopHandler = () => new V1LifecycleHandler { HttpGet = new V1HTTPGetAction { Path = path, Port = Probe.PortValue(portName) } } };

    /// <summary>Mounts a volume or claim template by name.</summary>
    public ContainerSpec Mount(string volume, string path, string? subPath = null, bool readOnly = false) =>
        this with { Mounts = Mounts.Add(() => new V1VolumeMount { Name = volume, MountPath = path, SubPath = subPath, ReadOnlyProperty = readOnly ? true : null }) };

    /// <summary>Runs as the given non-root user (and group), without privilege escalation.</summary>
    public ContainerSpec RunAsUser(long user, long? group = null) => this with
    {
        Security = CopyOf(Security, s => { s.RunAsUser = user; s.RunAsGroup = group; s.RunAsNonRoot = user != 0 ? true : null; s.AllowPrivilegeEscalation = false; }),
    };

    /// <summary>Mounts the root filesystem read-only.</summary>
    public ContainerSpec ReadOnlyRootFilesystem() => this with { Security = CopyOf(Security, s => s.ReadOnlyRootFilesystem = true) };

    /// <summary>Sets the whole security context (replaces earlier security calls).</summary>
    public ContainerSpec SecurityContext(V1SecurityContext context) => this with { Security = context };

    /// <summary>For init containers: keeps running beside the main containers (a native sidecar, restartPolicy: Always).</summary>
    public ContainerSpec AsSidecar() => this with { IsSidecar = true };

    internal V1Container ToModel(BuildLog log, string path)
    {
        var container = new V1Container
        {
            Name = Name,
            Image = ImageName,
            ImagePullPolicy = Pull?.Text(),
            Command = CommandLine?.ToList(),
            Args = Arguments?.ToList(),
            WorkingDir = WorkDir,
            Ports = Ports.IsEmpty ? null : Ports.Select(p => p.ToModel()).ToList(),
            Env = EnvVars.IsEmpty ? null : EnvVars.Select(f => f()).ToList(),
            EnvFrom = EnvSources.IsEmpty ? null : EnvSources.Select(f => f()).ToList(),
            ReadinessProbe = ReadinessProbe?.ToModel(),
            LivenessProbe = LivenessProbe?.ToModel(),
            StartupProbe = StartupProbe?.ToModel(),
            Lifecycle = PreStopHandler is null ? null : new V1Lifecycle { PreStop = PreStopHandler() },
            VolumeMounts = Mounts.IsEmpty ? null : Mounts.Select(f => f()).ToList(),
            SecurityContext = Security is null ? null : CopyOf(Security, _ => { }),
            RestartPolicy = IsSidecar ? DslConventions.SidecarRestartPolicy : null,
        };
        if (!RequestValues.IsEmpty || !LimitValues.IsEmpty)
        {
            container.Resources = new V1ResourceRequirements
            {
                Requests = log.Quantities(RequestValues, path + ".requests"),
                Limits = log.Quantities(LimitValues, path + ".limits"),
            };
        }

        return container;
    }

    internal IEnumerable<string> ReferencedSecrets() =>
        EnvVars.Select(e => e().ValueFrom?.SecretKeyRef?.Name).Concat(EnvSources.Select(e => e().SecretRef?.Name)).OfType<string>();

    private static ImmutableSortedDictionary<string, string> With(ImmutableSortedDictionary<string, string> values, string? cpu, string? memory, string? ephemeralStorage)
    {
        if (cpu is not null) values = values.SetItem(DslConventions.Cpu, cpu);
        if (memory is not null) values = values.SetItem(DslConventions.Memory, memory);
        if (ephemeralStorage is not null) values = values.SetItem(DslConventions.EphemeralStorage, ephemeralStorage);
        return values;
    }

    private static V1SecurityContext CopyOf(V1SecurityContext? context, Action<V1SecurityContext> edit)
    {
        var copy = context is null ? new V1SecurityContext() : k8s.KubernetesJson.Deserialize<V1SecurityContext>(k8s.KubernetesJson.Serialize(context));
        edit(copy);
        return copy;
    }
}

/// <summary>A container port.</summary>
internal sealed record PortSpec(string? Name, int Number, Protocol Protocol, int? HostPort)
{
    public V1ContainerPort ToModel() => new() { Name = Name, ContainerPort = Number, Protocol = Protocol.Text(), HostPort = HostPort };
}
