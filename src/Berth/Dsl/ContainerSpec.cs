using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using k8s.Models;

namespace Berth;

/// <summary>A container of the pod template. Immutable: each call returns a new value.</summary>
public sealed record ContainerSpec
{
    /// <summary>A container named by the call <paramref name="at"/> (<c>StatefulApp.Container</c>, <c>InitContainer</c>), whose calls continue its history.</summary>
    internal ContainerSpec(string name, string image, CallAnchor at)
    {
        Model = ContainerSteps.Named(Val<string?>.Of(name, at), Val<string?>.Of(image, at), at);
        LastCall = at;
    }

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

    /// <summary>
    /// The last DSL call recorded for this container: the history of its app's calls continued by the container's own
    /// (<see cref="CallAnchor"/>), so that a finding about a value it set can be located at the call.
    /// </summary>
    internal CallAnchor? LastCall { get; init; }

    /// <summary>Changes the image.</summary>
    public ContainerSpec Image(string image) => Step((c, at) => ContainerSteps.Image(c, At<string?>(image, at)));

    /// <summary>Sets the image pull policy.</summary>
    public ContainerSpec PullPolicy(PullPolicy policy) => Step((c, at) => ContainerSteps.PullPolicy(c, At<string?>(policy.Text(), at)));

    /// <summary>Replaces the image entrypoint.</summary>
    public ContainerSpec Command(params string[] command) => Step((c, at) => ContainerSteps.Command(c, Items(command, at)));

    /// <summary>Arguments to the entrypoint.</summary>
    public ContainerSpec Args(params string[] args) => Step((c, at) => ContainerSteps.Args(c, Items(args, at)));

    /// <summary>The working directory.</summary>
    public ContainerSpec WorkingDir(string path) => Step((c, at) => ContainerSteps.WorkingDir(c, At<string?>(path, at)));

    /// <summary>Exposes a named port; it also becomes a port of the governing Service.</summary>
    public ContainerSpec Port(string name, int port, Protocol protocol = Protocol.Tcp) =>
        Step((c, at) => ContainerSteps.Port(c, At<string?>(name, at), At(port, at), At<string?>(protocol.ToString(), at), At<int?>(null, at), at));

    /// <summary>Exposes an unnamed port; it also becomes a port of the governing Service.</summary>
    public ContainerSpec Port(int port, Protocol protocol = Protocol.Tcp) =>
        Step((c, at) => ContainerSteps.Port(c, At<string?>(null, at), At(port, at), At<string?>(protocol.ToString(), at), At<int?>(null, at), at));

    /// <summary>Exposes a named port that is also bound on the node (hostPort).</summary>
    public ContainerSpec HostPort(string name, int port, int hostPort, Protocol protocol = Protocol.Tcp) =>
        Step((c, at) => ContainerSteps.Port(c, At<string?>(name, at), At(port, at), At<string?>(protocol.ToString(), at), At<int?>(hostPort, at), at));

    /// <summary>An environment variable with a literal value.</summary>
    public ContainerSpec Env(string name, string value) => Step((c, at) => ContainerSteps.Env(c, At<string?>(name, at), At<string?>(value, at), at));

    /// <summary>An environment variable from one key of a Secret.</summary>
    public ContainerSpec EnvFromSecret(string name, string secret, string key, bool optional = false) =>
        Step((c, at) => ContainerSteps.EnvFromSecret(c, At<string?>(name, at), At<string?>(secret, at), At<string?>(key, at), At(optional, at), at));

    /// <summary>An environment variable from one key of a ConfigMap.</summary>
    public ContainerSpec EnvFromConfigMap(string name, string configMap, string key, bool optional = false) =>
        Step((c, at) => ContainerSteps.EnvFromConfigMap(c, At<string?>(name, at), At<string?>(configMap, at), At<string?>(key, at), At(optional, at), at));

    /// <summary>An environment variable from a pod field, e.g. <see cref="PodField.Name"/> for the stable pod name.</summary>
    public ContainerSpec EnvFromPod(string name, PodField field) => Step((c, at) => ContainerSteps.EnvFromPod(c, At<string?>(name, at), At<string?>(field.ToString(), at), at));

    /// <summary>Every key of a Secret as environment variables (envFrom), with an optional name prefix.</summary>
    public ContainerSpec EnvFromAllOfSecret(string secret, string? prefix = null) => Step((c, at) => ContainerSteps.EnvFromAllOfSecret(c, At<string?>(secret, at), At(prefix, at), at));

    /// <summary>Every key of a ConfigMap as environment variables (envFrom), with an optional name prefix.</summary>
    public ContainerSpec EnvFromAllOfConfigMap(string configMap, string? prefix = null) => Step((c, at) => ContainerSteps.EnvFromAllOfConfigMap(c, At<string?>(configMap, at), At(prefix, at), at));

    /// <summary>Resource requests, e.g. <c>Requests(cpu: "250m", memory: "512Mi")</c>.</summary>
    public ContainerSpec Requests(string? cpu = null, string? memory = null, string? ephemeralStorage = null) =>
        Step((c, at) => ContainerSteps.Requests(c, At(cpu, at), At(memory, at), At(ephemeralStorage, at), at));

    /// <summary>Resource limits, e.g. <c>Limits(memory: "1Gi")</c>.</summary>
    public ContainerSpec Limits(string? cpu = null, string? memory = null, string? ephemeralStorage = null) =>
        Step((c, at) => ContainerSteps.Limits(c, At(cpu, at), At(memory, at), At(ephemeralStorage, at), at));

    /// <summary>Request and limit of any resource, e.g. an extended resource such as nvidia.com/gpu.</summary>
    public ContainerSpec Resource(string resource, string? request = null, string? limit = null) =>
        Step((c, at) => ContainerSteps.Resource(c, At(resource, at), At(request, at), At(limit, at), at));

    /// <summary>The readiness probe: the pod receives traffic and the rollout moves on only while it passes.</summary>
    public ContainerSpec Readiness(Probe probe) => Step((c, at) => ContainerSteps.Readiness(c, probe.Model, at));

    /// <summary>The liveness probe: the container is restarted when it fails.</summary>
    public ContainerSpec Liveness(Probe probe) => Step((c, at) => ContainerSteps.Liveness(c, probe.Model, at));

    /// <summary>The startup probe: holds the other probes until it passes.</summary>
    public ContainerSpec Startup(Probe probe) => Step((c, at) => ContainerSteps.Startup(c, probe.Model, at));

    /// <summary>A command run before the container is stopped (lifecycle.preStop).</summary>
    public ContainerSpec PreStop(params string[] command) => Step((c, at) => ContainerSteps.PreStop(c, Items(command, at), at));

    /// <summary>An HTTP GET sent before the container is stopped (lifecycle.preStop).</summary>
    public ContainerSpec PreStopHttp(string path, string portName) => Step((c, at) => ContainerSteps.PreStopHttp(c, At<string?>(path, at), At<string?>(portName, at), at));

    /// <summary>Mounts a volume or claim template by name.</summary>
    public ContainerSpec Mount(string volume, string path, string? subPath = null, bool readOnly = false) =>
        Step((c, at) => ContainerSteps.Mount(c, At<string?>(volume, at), At<string?>(path, at), At(subPath, at), At(readOnly, at), at));

    /// <summary>Runs as the given non-root user (and group), without privilege escalation.</summary>
    public ContainerSpec RunAsUser(long user, long? group = null) => Step((c, at) => ContainerSteps.RunAsUser(c, At<long?>(user, at), At(group, at), at));

    /// <summary>Mounts the root filesystem read-only.</summary>
    public ContainerSpec ReadOnlyRootFilesystem() => Step((c, at) => ContainerSteps.ReadOnlyRootFilesystem(c, at));

    /// <summary>Runs the processes with this primary group (<c>runAsGroup</c>).</summary>
    public ContainerSpec RunAsGroup(long group) => Step((c, at) => ContainerSteps.RunAsGroup(c, At<long?>(group, at), at));

    /// <summary>Refuses to start the container as root (<c>runAsNonRoot: true</c>): the kubelet checks the image's user.</summary>
    public ContainerSpec RunAsNonRoot() => Step((c, at) => ContainerSteps.RunAsNonRoot(c, at));

    /// <summary>Whether a process may gain more privileges than its parent (<c>allowPrivilegeEscalation</c>).</summary>
    public ContainerSpec AllowPrivilegeEscalation(bool allow) => Step((c, at) => ContainerSteps.AllowPrivilegeEscalation(c, At(allow, at), at));

    /// <summary>Runs the container privileged (<c>privileged: true</c>): the host's devices and every capability.</summary>
    public ContainerSpec Privileged() => Step((c, at) => ContainerSteps.Privileged(c, at));

    /// <summary>Adds Linux capabilities (<c>capabilities.add</c>), e.g. <c>AddCapabilities("NET_ADMIN")</c>.</summary>
    public ContainerSpec AddCapabilities(params string[] capabilities) => Step((c, at) => ContainerSteps.AddCapabilities(c, Items(capabilities, at), at));

    /// <summary>Drops Linux capabilities (<c>capabilities.drop</c>), e.g. <c>DropCapabilities("ALL")</c>.</summary>
    public ContainerSpec DropCapabilities(params string[] capabilities) => Step((c, at) => ContainerSteps.DropCapabilities(c, Items(capabilities, at), at));

    /// <summary>
    /// The seccomp profile (<c>seccompProfile</c>): <see cref="SeccompProfileType.RuntimeDefault"/>, or
    /// <see cref="SeccompProfileType.Localhost"/> with the profile file relative to the kubelet's seccomp directory.
    /// </summary>
    public ContainerSpec SeccompProfile(SeccompProfileType type, string? localhostProfile = null) =>
        Step((c, at) => ContainerSteps.SeccompProfile(c, At<string?>(type.ToString(), at), At(localhostProfile, at), at));

    /// <summary>Sets the whole security context (replaces earlier security calls).</summary>
    public ContainerSpec SecurityContext(V1SecurityContext context)
    {
        var copy = context is null ? null : k8s.KubernetesJson.Deserialize<V1SecurityContext>(k8s.KubernetesJson.Serialize(context));
        return Step((c, _) => ContainerSteps.SecurityContext(c, ModelMapper.Security(copy))) with { SecurityBase = copy };
    }

    /// <summary>For init containers: keeps running beside the main containers (a native sidecar, restartPolicy: Always).</summary>
    public ContainerSpec AsSidecar() => Step((c, at) => ContainerSteps.AsSidecar(c, at));

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

    private static ItemList<Val<string?>> Items(string[] values, CallAnchor at)
    {
        var items = new ItemList<Val<string?>> { Anchor = at };
        foreach (var v in values) items.Add(At<string?>(v, at));
        return items;
    }

    /// <summary>A known value set by the call <paramref name="at"/>.</summary>
    private static Val<T> At<T>(T value, CallAnchor at) => Val<T>.Of(value, at);

    /// <summary>
    /// Runs one step of <see cref="ContainerSteps"/> on a copy of the container, with the anchor of this call (the public method
    /// that called it, and which call of that method it is in the history the app handed the container): the step anchors what
    /// it sets with it, so a finding about it can be reported at the call in the source.
    /// </summary>
    private ContainerSpec Step(Action<ContainerModel, CallAnchor> step, [CallerMemberName] string method = "")
    {
        var at = CallAnchor.After(LastCall, nameof(ContainerSpec) + "." + method);
        var model = ContainerSteps.Copy(Model);
        step(model, at);
        return this with { Model = model, LastCall = at };
    }
}
