using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using k8s.Models;

namespace Berth;

/// <summary>A container of the pod template. Immutable: each call returns a new value.</summary>
public sealed record ContainerSpec
{
    internal ContainerSpec(string name, string image) => Model = ContainerSteps.Named(name, image, null);

    /// <summary>The container name.</summary>
    public string Name => Model.Name.Value ?? string.Empty;

    /// <summary>The image reference.</summary>
    public string ImageName => Model.Image.Value ?? string.Empty;

    /// <summary>
    /// The container as the steps of <see cref="ContainerSteps"/> build it (every value known): what each method does is written
    /// there once, and the analyzers run the same steps. The <c>V1Container</c> is rendered from it.
    /// </summary>
    internal ContainerModel Model { get; private init; }

    /// <summary>
    /// The object given to <see cref="SecurityContext"/>, for the fields the model does not hold (SELinux, Windows, AppArmor,
    /// procMount); the model's fields are written over it.
    /// </summary>
    internal V1SecurityContext? SecurityBase { get; private init; }

    /// <summary>Changes the image.</summary>
    public ContainerSpec Image(string image) => Step(c => ContainerSteps.Image(c, image));

    /// <summary>Sets the image pull policy.</summary>
    public ContainerSpec PullPolicy(PullPolicy policy) => Step(c => ContainerSteps.PullPolicy(c, policy.Text()));

    /// <summary>Replaces the image entrypoint.</summary>
    public ContainerSpec Command(params string[] command) => Step(c => ContainerSteps.Command(c, Items(command)));

    /// <summary>Arguments to the entrypoint.</summary>
    public ContainerSpec Args(params string[] args) => Step(c => ContainerSteps.Args(c, Items(args)));

    /// <summary>The working directory.</summary>
    public ContainerSpec WorkingDir(string path) => Step(c => ContainerSteps.WorkingDir(c, path));

    /// <summary>Exposes a named port; it also becomes a port of the governing Service.</summary>
    public ContainerSpec Port(string name, int port, Protocol protocol = Protocol.Tcp) =>
        Step(c => ContainerSteps.Port(c, name, port, protocol.ToString(), Val<int?>.Of(null), null));

    /// <summary>Exposes an unnamed port; it also becomes a port of the governing Service.</summary>
    public ContainerSpec Port(int port, Protocol protocol = Protocol.Tcp) =>
        Step(c => ContainerSteps.Port(c, Val<string?>.Of(null), port, protocol.ToString(), Val<int?>.Of(null), null));

    /// <summary>Exposes a named port that is also bound on the node (hostPort).</summary>
    public ContainerSpec HostPort(string name, int port, int hostPort, Protocol protocol = Protocol.Tcp) =>
        Step(c => ContainerSteps.Port(c, name, port, protocol.ToString(), (int?)hostPort, null));

    /// <summary>An environment variable with a literal value.</summary>
    public ContainerSpec Env(string name, string value) => Step(c => ContainerSteps.Env(c, name, value, null));

    /// <summary>An environment variable from one key of a Secret.</summary>
    public ContainerSpec EnvFromSecret(string name, string secret, string key, bool optional = false) =>
        Step(c => ContainerSteps.EnvFromSecret(c, name, secret, key, optional, null));

    /// <summary>An environment variable from one key of a ConfigMap.</summary>
    public ContainerSpec EnvFromConfigMap(string name, string configMap, string key, bool optional = false) =>
        Step(c => ContainerSteps.EnvFromConfigMap(c, name, configMap, key, optional, null));

    /// <summary>An environment variable from a pod field, e.g. <see cref="PodField.Name"/> for the stable pod name.</summary>
    public ContainerSpec EnvFromPod(string name, PodField field) => Step(c => ContainerSteps.EnvFromPod(c, name, field.ToString(), null));

    /// <summary>Every key of a Secret as environment variables (envFrom), with an optional name prefix.</summary>
    public ContainerSpec EnvFromAllOfSecret(string secret, string? prefix = null) => Step(c => ContainerSteps.EnvFromAllOfSecret(c, secret, prefix, null));

    /// <summary>Every key of a ConfigMap as environment variables (envFrom), with an optional name prefix.</summary>
    public ContainerSpec EnvFromAllOfConfigMap(string configMap, string? prefix = null) => Step(c => ContainerSteps.EnvFromAllOfConfigMap(c, configMap, prefix, null));

    /// <summary>Resource requests, e.g. <c>Requests(cpu: "250m", memory: "512Mi")</c>.</summary>
    public ContainerSpec Requests(string? cpu = null, string? memory = null, string? ephemeralStorage = null) =>
        Step(c => ContainerSteps.Requests(c, cpu, memory, ephemeralStorage, null));

    /// <summary>Resource limits, e.g. <c>Limits(memory: "1Gi")</c>.</summary>
    public ContainerSpec Limits(string? cpu = null, string? memory = null, string? ephemeralStorage = null) =>
        Step(c => ContainerSteps.Limits(c, cpu, memory, ephemeralStorage, null));

    /// <summary>Request and limit of any resource, e.g. an extended resource such as nvidia.com/gpu.</summary>
    public ContainerSpec Resource(string resource, string? request = null, string? limit = null) =>
        Step(c => ContainerSteps.Resource(c, Val<string>.Of(resource), request, limit, null));

    /// <summary>The readiness probe: the pod receives traffic and the rollout moves on only while it passes.</summary>
    public ContainerSpec Readiness(Probe probe) => Step(c => ContainerSteps.Readiness(c, probe.Model, null));

    /// <summary>The liveness probe: the container is restarted when it fails.</summary>
    public ContainerSpec Liveness(Probe probe) => Step(c => ContainerSteps.Liveness(c, probe.Model, null));

    /// <summary>The startup probe: holds the other probes until it passes.</summary>
    public ContainerSpec Startup(Probe probe) => Step(c => ContainerSteps.Startup(c, probe.Model, null));

    /// <summary>A command run before the container is stopped (lifecycle.preStop).</summary>
    public ContainerSpec PreStop(params string[] command) => Step(c => ContainerSteps.PreStop(c, Items(command), null));

    /// <summary>An HTTP GET sent before the container is stopped (lifecycle.preStop).</summary>
    public ContainerSpec PreStopHttp(string path, string portName) => Step(c => ContainerSteps.PreStopHttp(c, path, portName, null));

    /// <summary>Mounts a volume or claim template by name.</summary>
    public ContainerSpec Mount(string volume, string path, string? subPath = null, bool readOnly = false) =>
        Step(c => ContainerSteps.Mount(c, volume, path, subPath, readOnly, null));

    /// <summary>Runs as the given non-root user (and group), without privilege escalation.</summary>
    public ContainerSpec RunAsUser(long user, long? group = null) => Step(c => ContainerSteps.RunAsUser(c, (long?)user, group, null));

    /// <summary>Mounts the root filesystem read-only.</summary>
    public ContainerSpec ReadOnlyRootFilesystem() => Step(c => ContainerSteps.ReadOnlyRootFilesystem(c, null));

    /// <summary>Runs the processes with this primary group (<c>runAsGroup</c>).</summary>
    public ContainerSpec RunAsGroup(long group) => Step(c => ContainerSteps.RunAsGroup(c, (long?)group, null));

    /// <summary>Refuses to start the container as root (<c>runAsNonRoot: true</c>): the kubelet checks the image's user.</summary>
    public ContainerSpec RunAsNonRoot() => Step(c => ContainerSteps.RunAsNonRoot(c, null));

    /// <summary>Whether a process may gain more privileges than its parent (<c>allowPrivilegeEscalation</c>).</summary>
    public ContainerSpec AllowPrivilegeEscalation(bool allow) => Step(c => ContainerSteps.AllowPrivilegeEscalation(c, allow, null));

    /// <summary>Runs the container privileged (<c>privileged: true</c>): the host's devices and every capability.</summary>
    public ContainerSpec Privileged() => Step(c => ContainerSteps.Privileged(c, null));

    /// <summary>Adds Linux capabilities (<c>capabilities.add</c>), e.g. <c>AddCapabilities("NET_ADMIN")</c>.</summary>
    public ContainerSpec AddCapabilities(params string[] capabilities) => Step(c => ContainerSteps.AddCapabilities(c, Items(capabilities), null));

    /// <summary>Drops Linux capabilities (<c>capabilities.drop</c>), e.g. <c>DropCapabilities("ALL")</c>.</summary>
    public ContainerSpec DropCapabilities(params string[] capabilities) => Step(c => ContainerSteps.DropCapabilities(c, Items(capabilities), null));

    /// <summary>
    /// The seccomp profile (<c>seccompProfile</c>): <see cref="SeccompProfileType.RuntimeDefault"/>, or
    /// <see cref="SeccompProfileType.Localhost"/> with the profile file relative to the kubelet's seccomp directory.
    /// </summary>
    public ContainerSpec SeccompProfile(SeccompProfileType type, string? localhostProfile = null) =>
        Step(c => ContainerSteps.SeccompProfile(c, type.ToString(), localhostProfile, null));

    /// <summary>Sets the whole security context (replaces earlier security calls).</summary>
    public ContainerSpec SecurityContext(V1SecurityContext context)
    {
        var copy = context is null ? null : k8s.KubernetesJson.Deserialize<V1SecurityContext>(k8s.KubernetesJson.Serialize(context));
        return Step(c => ContainerSteps.SecurityContext(c, ModelMapper.Security(copy))) with { SecurityBase = copy };
    }

    /// <summary>For init containers: keeps running beside the main containers (a native sidecar, restartPolicy: Always).</summary>
    public ContainerSpec AsSidecar() => Step(c => ContainerSteps.AsSidecar(c, null));

    internal V1Container ToModel(BuildLog log, string path)
    {
        var m = Model;
        var container = new V1Container
        {
            Name = m.Name.Value,
            Image = m.Image.Value,
            ImagePullPolicy = m.ImagePullPolicy.Value,
            Command = m.Command?.Select(i => i.Value!).ToList(),
            Args = m.Args?.Select(i => i.Value!).ToList(),
            WorkingDir = m.WorkingDir.Value,
            Ports = m.Ports.Count == 0 ? null : m.Ports.Select(p => new V1ContainerPort { Name = p.Name.Value, ContainerPort = p.Number.Value, Protocol = p.Protocol.Value, HostPort = p.HostPort.Value }).ToList(),
            Env = m.Env.Count == 0 ? null : m.Env.Select(EnvVar).ToList(),
            EnvFrom = m.EnvFrom.Count == 0 ? null : m.EnvFrom.Select(e => e.SourceKind.Value == ContainerSteps.SecretRef
                ? new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = e.SourceName.Value }, Prefix = e.Prefix.Value }
                : new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = e.SourceName.Value }, Prefix = e.Prefix.Value }).ToList(),
            ReadinessProbe = ProbeOf(ProbeKind.Readiness),
            LivenessProbe = ProbeOf(ProbeKind.Liveness),
            StartupProbe = ProbeOf(ProbeKind.Startup),
            Lifecycle = m.PreStop is { } preStop ? new V1Lifecycle { PreStop = Handler(preStop) } : null,
            VolumeMounts = m.Mounts.Count == 0 ? null : m.Mounts.Select(v => new V1VolumeMount
            {
                Name = v.Name.Value,
                MountPath = v.Path.Value,
                SubPath = v.SubPath.Value,
                ReadOnlyProperty = v.ReadOnly.Value ? true : null,
            }).ToList(),
            SecurityContext = m.Security is { } security ? Security(security, SecurityBase) : null,
            RestartPolicy = m.RestartPolicy.Value,
        };
        if (m.Requests.Count > 0 || m.Limits.Count > 0)
        {
            container.Resources = new V1ResourceRequirements
            {
                Requests = log.Quantities(Quantities(m.Requests), path + ".requests"),
                Limits = log.Quantities(Quantities(m.Limits), path + ".limits"),
            };
        }

        return container;

        V1Probe? ProbeOf(ProbeKind kind) => m.Probes.FirstOrDefault(p => p.Kind == kind) is { } probe ? Probe.Render(probe) : null;
    }

    internal IEnumerable<string> ReferencedSecrets() =>
        Model.Env.Where(e => e.ValueFrom.Value == ContainerSteps.SecretKeyRef).Select(e => e.SourceName.Value)
            .Concat(Model.EnvFrom.Where(e => e.SourceKind.Value == ContainerSteps.SecretRef).Select(e => e.SourceName.Value))
            .OfType<string>();

    private static V1EnvVar EnvVar(EnvModel e) => e.ValueFrom.Value switch
    {
        ContainerSteps.SecretKeyRef => new V1EnvVar
        {
            Name = e.Name.Value,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = e.SourceName.Value, Key = e.Key.Value, Optional = e.Optional.Value ? true : null } },
        },
        ContainerSteps.ConfigMapKeyRef => new V1EnvVar
        {
            Name = e.Name.Value,
            ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = e.SourceName.Value, Key = e.Key.Value, Optional = e.Optional.Value ? true : null } },
        },
        ContainerSteps.FieldRef => new V1EnvVar { Name = e.Name.Value, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = e.FieldPath.Value } } },
        _ => new V1EnvVar { Name = e.Name.Value, Value = e.Value.Value },
    };

    private static V1LifecycleHandler Handler(LifecycleHandlerModel h) => h.Handler.Value == "httpGet"
        ? new V1LifecycleHandler { HttpGet = new V1HTTPGetAction { Path = h.Path.Value, Port = Probe.PortValue(h.Port.Value!) } }
        : new V1LifecycleHandler { Exec = new V1ExecAction { Command = h.Command.Select(i => i.Value!).ToList() } };

    /// <summary>The security context: the object given to <see cref="SecurityContext"/> (if any) with the model's fields written over it.</summary>
    private static V1SecurityContext Security(SecurityContextModel s, V1SecurityContext? baseContext)
    {
        var context = baseContext is null ? new V1SecurityContext() : k8s.KubernetesJson.Deserialize<V1SecurityContext>(k8s.KubernetesJson.Serialize(baseContext));
        context.RunAsUser = s.RunAsUser.Value;
        context.RunAsGroup = s.RunAsGroup.Value;
        context.RunAsNonRoot = s.RunAsNonRoot.Value;
        context.ReadOnlyRootFilesystem = s.ReadOnlyRootFilesystem.Value;
        context.Privileged = s.Privileged.Value;
        context.AllowPrivilegeEscalation = s.AllowPrivilegeEscalation.Value;
        if (s.AddedCapabilities.Count > 0 || s.DroppedCapabilities.Count > 0)
        {
            context.Capabilities ??= new V1Capabilities();
            if (s.AddedCapabilities.Count > 0) context.Capabilities.Add = s.AddedCapabilities.Select(i => i.Value!).ToList();
            if (s.DroppedCapabilities.Count > 0) context.Capabilities.Drop = s.DroppedCapabilities.Select(i => i.Value!).ToList();
        }

        context.SeccompProfile = s.HasSeccompProfile ? new V1SeccompProfile { Type = s.SeccompType.Value, LocalhostProfile = s.SeccompLocalhostProfile.Value } : null;
        return context;
    }

    private static IEnumerable<KeyValuePair<string, string>> Quantities(ItemList<ResourceModel> resources) =>
        resources.Select(r => new KeyValuePair<string, string>(r.Resource.Value, r.Quantity.Value!));

    private static ItemList<Val<string?>> Items(string[] values)
    {
        var items = new ItemList<Val<string?>>();
        foreach (var v in values) items.Add(v);
        return items;
    }

    /// <summary>Runs one step of <see cref="ContainerSteps"/> on a copy of the container.</summary>
    private ContainerSpec Step(Action<ContainerModel> step)
    {
        var model = ContainerSteps.Copy(Model);
        step(model);
        return this with { Model = model };
    }
}
