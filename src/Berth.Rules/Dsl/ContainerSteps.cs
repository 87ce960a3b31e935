using System;
using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth.Rules.Dsl;

/// <summary>
/// What each method of <c>ContainerSpec</c> does, written once: one step per method, on a <see cref="ContainerModel"/> the
/// caller owns (a fresh <see cref="Copy"/>). The runtime's <c>ContainerSpec</c> holds the model, runs the steps with known
/// values and renders its <c>V1Container</c> from it; the analyzers run the same steps through their table from method symbol
/// to step, with each argument known (a constant, anchored at the argument) or unknown. Enum arguments are passed as their
/// member names. The <c>at</c> parameters are where the call is written: a source location for the analyzers, the run-time call anchor for the runtime.
/// </summary>
public static class ContainerSteps
{
    /// <summary>The <c>valueFrom</c> sources of an environment variable.</summary>
    public const string SecretKeyRef = "secretKeyRef";

    /// <inheritdoc cref="SecretKeyRef"/>
    public const string ConfigMapKeyRef = "configMapKeyRef";

    /// <inheritdoc cref="SecretKeyRef"/>
    public const string FieldRef = "fieldRef";

    /// <summary>The sources of an <c>envFrom</c> entry.</summary>
    public const string SecretRef = "secretRef";

    /// <inheritdoc cref="SecretRef"/>
    public const string ConfigMapRef = "configMapRef";

    /// <summary><c>Container(name, image, ...)</c> / <c>InitContainer(name, image, ...)</c>: a container with a name and an image.</summary>
    public static ContainerModel Named(Val<string?> name, Val<string?> image, object? at)
    {
        var c = new ContainerModel { Anchor = at, Name = name, Image = image };
        c.Ports.Anchor = c.Env.Anchor = c.EnvFrom.Anchor = c.Mounts.Anchor = c.Probes.Anchor = c.Requests.Anchor = c.Limits.Anchor = at;
        return c;
    }

    /// <summary>A container of which nothing is known (built by code the analyzer cannot follow).</summary>
    public static ContainerModel Unknown(object? at)
    {
        var c = Named(Val<string?>.Unknown(at), Val<string?>.Unknown(at), at);
        c.ImagePullPolicy = Val<string?>.Unknown(at);
        c.RestartPolicy = Val<string?>.Unknown(at);
        c.WorkingDir = Val<string?>.Unknown(at);
        c.Ports.IsComplete = c.Env.IsComplete = c.EnvFrom.IsComplete = c.Mounts.IsComplete = c.Probes.IsComplete = false;
        c.Requests.IsComplete = c.Limits.IsComplete = false;
        c.Command = new ItemList<Val<string?>> { IsComplete = false };
        c.Args = new ItemList<Val<string?>> { IsComplete = false };
        c.Security = UnknownSecurity(at);
        return c;
    }

    /// <summary>A copy a step can change: lists and the security context are copied, their items (never changed in place) shared.</summary>
    public static ContainerModel Copy(ContainerModel c) => new()
    {
        Anchor = c.Anchor,
        IsInit = c.IsInit,
        Name = c.Name,
        Image = c.Image,
        ImagePullPolicy = c.ImagePullPolicy,
        RestartPolicy = c.RestartPolicy,
        Ports = CopyOf(c.Ports),
        Env = CopyOf(c.Env),
        EnvFrom = CopyOf(c.EnvFrom),
        Mounts = CopyOf(c.Mounts),
        Requests = CopyOf(c.Requests),
        Limits = CopyOf(c.Limits),
        Probes = CopyOf(c.Probes),
        HasLifecycle = c.HasLifecycle,
        Security = c.Security?.Clone(),
        Command = c.Command,
        Args = c.Args,
        WorkingDir = c.WorkingDir,
        PreStop = c.PreStop,
    };

    /// <summary>The container as an item of the pod's <c>containers</c> or <c>initContainers</c> list (a copy when the flag differs).</summary>
    public static ContainerModel InList(ContainerModel c, bool init)
    {
        if (c.IsInit == init) return c;
        var copy = Copy(c);
        copy.IsInit = init;
        return copy;
    }

    /// <summary><c>Image(image)</c>.</summary>
    public static void Image(ContainerModel c, Val<string?> image) => c.Image = image;

    /// <summary><c>PullPolicy(policy)</c>: the member name is the Kubernetes text.</summary>
    public static void PullPolicy(ContainerModel c, Val<string?> policy) => c.ImagePullPolicy = policy;

    /// <summary><c>Command(command)</c>: replaces the image's entrypoint.</summary>
    public static void Command(ContainerModel c, ItemList<Val<string?>> command) => c.Command = command;

    /// <summary><c>Args(args)</c>.</summary>
    public static void Args(ContainerModel c, ItemList<Val<string?>> args) => c.Args = args;

    /// <summary><c>WorkingDir(path)</c>.</summary>
    public static void WorkingDir(ContainerModel c, Val<string?> path) => c.WorkingDir = path;

    /// <summary><c>Port(name, port, protocol)</c>, <c>Port(port, protocol)</c>, <c>HostPort(name, port, hostPort, protocol)</c>: the protocol is always written.</summary>
    public static void Port(ContainerModel c, Val<string?> name, Val<int> port, Val<string?> protocol, Val<int?> hostPort, object? at) =>
        c.Ports.Add(new PortModel
        {
            Anchor = at,
            Name = name,
            Number = port,
            Protocol = protocol.IsKnown ? Val<string?>.Of(DslConventions.ProtocolText(protocol.Value ?? string.Empty), protocol.Anchor) : protocol,
            HostPort = hostPort,
        });

    /// <summary><c>Env(name, value)</c>: a literal value.</summary>
    public static void Env(ContainerModel c, Val<string?> name, Val<string?> value, object? at) =>
        c.Env.Add(new EnvModel { Anchor = at, Name = name, Value = value });

    /// <summary><c>EnvFromSecret(name, secret, key, optional)</c>.</summary>
    public static void EnvFromSecret(ContainerModel c, Val<string?> name, Val<string?> secret, Val<string?> key, Val<bool> optional, object? at) =>
        c.Env.Add(KeyRef(SecretKeyRef, name, secret, key, optional, at));

    /// <summary><c>EnvFromConfigMap(name, configMap, key, optional)</c>.</summary>
    public static void EnvFromConfigMap(ContainerModel c, Val<string?> name, Val<string?> configMap, Val<string?> key, Val<bool> optional, object? at) =>
        c.Env.Add(KeyRef(ConfigMapKeyRef, name, configMap, key, optional, at));

    /// <summary><c>EnvFromPod(name, field)</c>: a field of the pod through the downward API (<see cref="DslConventions.PodFieldPath"/>).</summary>
    public static void EnvFromPod(ContainerModel c, Val<string?> name, Val<string?> field, object? at) =>
        c.Env.Add(new EnvModel
        {
            Anchor = at,
            Name = name,
            ValueFromSources = 1,
            ValueFrom = Val<string?>.Of(FieldRef, at),
            FieldPath = field.IsKnown ? Val<string?>.Of(DslConventions.PodFieldPath(field.Value ?? string.Empty), field.Anchor) : field,
        });

    /// <summary><c>EnvFromAllOfSecret(secret, prefix)</c>.</summary>
    public static void EnvFromAllOfSecret(ContainerModel c, Val<string?> secret, Val<string?> prefix, object? at) =>
        c.EnvFrom.Add(new EnvFromModel { Anchor = at, Sources = 1, SourceKind = Val<string?>.Of(SecretRef, at), SourceName = secret, Prefix = prefix });

    /// <summary><c>EnvFromAllOfConfigMap(configMap, prefix)</c>.</summary>
    public static void EnvFromAllOfConfigMap(ContainerModel c, Val<string?> configMap, Val<string?> prefix, object? at) =>
        c.EnvFrom.Add(new EnvFromModel { Anchor = at, Sources = 1, SourceKind = Val<string?>.Of(ConfigMapRef, at), SourceName = configMap, Prefix = prefix });

    /// <summary><c>Requests(cpu, memory, ephemeralStorage)</c>: each given value sets (or replaces) that resource.</summary>
    public static void Requests(ContainerModel c, Val<string?> cpu, Val<string?> memory, Val<string?> ephemeralStorage, object? at) =>
        Resources(c.Requests, cpu, memory, ephemeralStorage, at);

    /// <summary><c>Limits(cpu, memory, ephemeralStorage)</c>.</summary>
    public static void Limits(ContainerModel c, Val<string?> cpu, Val<string?> memory, Val<string?> ephemeralStorage, object? at) =>
        Resources(c.Limits, cpu, memory, ephemeralStorage, at);

    /// <summary><c>Resource(resource, request, limit)</c>: any resource, e.g. an extended one.</summary>
    public static void Resource(ContainerModel c, Val<string> resource, Val<string?> request, Val<string?> limit, object? at)
    {
        if (!(request.IsKnown && request.Value is null)) SetResource(c.Requests, resource, request, request.Anchor ?? at);
        if (!(limit.IsKnown && limit.Value is null)) SetResource(c.Limits, resource, limit, limit.Anchor ?? at);
    }

    /// <summary><c>Readiness(probe)</c>: replaces an earlier readiness probe.</summary>
    public static void Readiness(ContainerModel c, ProbeModel probe, object? at) => SetProbe(c, probe, ProbeKind.Readiness, at);

    /// <summary><c>Liveness(probe)</c>.</summary>
    public static void Liveness(ContainerModel c, ProbeModel probe, object? at) => SetProbe(c, probe, ProbeKind.Liveness, at);

    /// <summary><c>Startup(probe)</c>.</summary>
    public static void Startup(ContainerModel c, ProbeModel probe, object? at) => SetProbe(c, probe, ProbeKind.Startup, at);

    /// <summary><c>PreStop(command)</c>: a command run before the container is stopped.</summary>
    public static void PreStop(ContainerModel c, ItemList<Val<string?>> command, object? at)
    {
        c.PreStop = new LifecycleHandlerModel { Anchor = at, Handler = Val<string?>.Of("exec", at), Command = command };
        c.HasLifecycle = true;
    }

    /// <summary><c>PreStopHttp(path, portName)</c>: an HTTP GET sent before the container is stopped.</summary>
    public static void PreStopHttp(ContainerModel c, Val<string?> path, Val<string?> port, object? at)
    {
        c.PreStop = new LifecycleHandlerModel { Anchor = at, Handler = Val<string?>.Of("httpGet", at), Path = path, Port = port };
        c.HasLifecycle = true;
    }

    /// <summary><c>Mount(volume, path, subPath, readOnly)</c>.</summary>
    public static void Mount(ContainerModel c, Val<string?> volume, Val<string?> path, Val<string?> subPath, Val<bool> readOnly, object? at) =>
        c.Mounts.Add(new MountModel { Anchor = at, Name = volume, Path = path, SubPath = subPath, ReadOnly = readOnly });

    /// <summary><c>AsSidecar()</c>: an init container that keeps running (<c>restartPolicy: Always</c>).</summary>
    public static void AsSidecar(ContainerModel c, object? at) => c.RestartPolicy = Val<string?>.Of(DslConventions.SidecarRestartPolicy, at);

    /// <summary>
    /// <c>RunAsUser(user, group)</c>: runs as that user and group (the group unset when not given), as non-root unless the user
    /// is 0, without privilege escalation.
    /// </summary>
    public static void RunAsUser(ContainerModel c, Val<long?> user, Val<long?> group, object? at)
    {
        var s = Security(c, at);
        s.RunAsUser = user;
        s.RunAsGroup = group;
        s.RunAsNonRoot = user.IsKnown ? Val<bool?>.Of(user.Value != 0 ? true : null, user.Anchor ?? at) : Val<bool?>.Unknown(user.Anchor ?? at);
        s.AllowPrivilegeEscalation = Val<bool?>.Of(false, at);
    }

    /// <summary><c>RunAsGroup(group)</c>.</summary>
    public static void RunAsGroup(ContainerModel c, Val<long?> group, object? at) => Security(c, at).RunAsGroup = group;

    /// <summary><c>RunAsNonRoot()</c>: the kubelet refuses to start the container as user 0.</summary>
    public static void RunAsNonRoot(ContainerModel c, object? at) => Security(c, at).RunAsNonRoot = Val<bool?>.Of(true, at);

    /// <summary><c>ReadOnlyRootFilesystem()</c>.</summary>
    public static void ReadOnlyRootFilesystem(ContainerModel c, object? at) => Security(c, at).ReadOnlyRootFilesystem = Val<bool?>.Of(true, at);

    /// <summary><c>AllowPrivilegeEscalation(allow)</c>.</summary>
    public static void AllowPrivilegeEscalation(ContainerModel c, Val<bool> allow, object? at) =>
        Security(c, at).AllowPrivilegeEscalation = allow.IsKnown ? Val<bool?>.Of(allow.Value, allow.Anchor ?? at) : Val<bool?>.Unknown(allow.Anchor ?? at);

    /// <summary><c>Privileged()</c>.</summary>
    public static void Privileged(ContainerModel c, object? at) => Security(c, at).Privileged = Val<bool?>.Of(true, at);

    /// <summary><c>AddCapabilities(capabilities)</c>: added to <c>capabilities.add</c>.</summary>
    public static void AddCapabilities(ContainerModel c, ItemList<Val<string?>> capabilities, object? at) => Append(Security(c, at).AddedCapabilities, capabilities);

    /// <summary><c>DropCapabilities(capabilities)</c>: added to <c>capabilities.drop</c>.</summary>
    public static void DropCapabilities(ContainerModel c, ItemList<Val<string?>> capabilities, object? at) => Append(Security(c, at).DroppedCapabilities, capabilities);

    /// <summary><c>SeccompProfile(type, localhostProfile)</c>: the member name of the type is the Kubernetes text.</summary>
    public static void SeccompProfile(ContainerModel c, Val<string?> type, Val<string?> localhostProfile, object? at)
    {
        var s = Security(c, at);
        s.HasSeccompProfile = true;
        s.SeccompType = type;
        s.SeccompLocalhostProfile = localhostProfile;
    }

    /// <summary>
    /// <c>SecurityContext(context)</c>: replaces the whole security context (none for null). A front end that cannot read the
    /// object passes <see cref="UnknownSecurityContext"/>.
    /// </summary>
    public static void SecurityContext(ContainerModel c, SecurityContextModel? context) =>
        c.Security = context?.Clone();

    /// <summary>A security context of which nothing is known.</summary>
    public static SecurityContextModel UnknownSecurityContext(object? at) => UnknownSecurity(at);

    private static EnvModel KeyRef(string source, Val<string?> name, Val<string?> sourceName, Val<string?> key, Val<bool> optional, object? at) => new()
    {
        Anchor = at,
        Name = name,
        ValueFromSources = 1,
        ValueFrom = Val<string?>.Of(source, at),
        Key = key,
        SourceName = sourceName,
        Optional = optional,
    };

    private static void Resources(ItemList<ResourceModel> target, Val<string?> cpu, Val<string?> memory, Val<string?> ephemeralStorage, object? at)
    {
        foreach (var (resource, value) in new[] { (DslConventions.Cpu, cpu), (DslConventions.Memory, memory), (DslConventions.EphemeralStorage, ephemeralStorage) })
        {
            if (value.IsKnown && value.Value is null) continue;
            SetResource(target, Val<string>.Of(resource, value.Anchor), value, value.Anchor ?? at);
        }
    }

    /// <summary>
    /// Sets one resource in a list kept in ordinal order of the names (as the runtime's sorted dictionary); a known name replaces
    /// its earlier value, an unknown one may replace any (the list is then incomplete) and goes last.
    /// </summary>
    private static void SetResource(ItemList<ResourceModel> target, Val<string> resource, Val<string?> quantity, object? anchor)
    {
        var item = new ResourceModel { Anchor = anchor, Resource = resource, Quantity = quantity };
        if (!resource.IsKnown)
        {
            target.IsComplete = false;
            target.Add(item);
            return;
        }

        target.RemoveAll(r => r.Resource.IsKnown && string.Equals(r.Resource.Value, resource.Value, StringComparison.Ordinal));
        var index = target.FindIndex(r => !r.Resource.IsKnown || string.CompareOrdinal(r.Resource.Value, resource.Value) > 0);
        if (index < 0) target.Add(item);
        else target.Insert(index, item);
    }

    /// <summary>Sets a probe of one kind (a later call replaces an earlier one), the list in the order readiness, liveness, startup.</summary>
    private static void SetProbe(ContainerModel c, ProbeModel probe, ProbeKind kind, object? at)
    {
        var copy = ProbeSteps.Copy(probe);
        copy.Kind = kind;
        copy.Anchor = at ?? probe.Anchor;
        c.Probes.RemoveAll(p => p.Kind == kind);
        var index = c.Probes.FindIndex(p => p.Kind > kind);
        if (index < 0) c.Probes.Add(copy);
        else c.Probes.Insert(index, copy);
    }

    /// <summary>The container's security context, made when there is none yet.</summary>
    private static SecurityContextModel Security(ContainerModel c, object? at) => c.Security ??= new SecurityContextModel { Anchor = at };

    private static SecurityContextModel UnknownSecurity(object? at) => new()
    {
        Anchor = at,
        RunAsUser = Val<long?>.Unknown(at),
        RunAsGroup = Val<long?>.Unknown(at),
        RunAsNonRoot = Val<bool?>.Unknown(at),
        ReadOnlyRootFilesystem = Val<bool?>.Unknown(at),
        Privileged = Val<bool?>.Unknown(at),
        AllowPrivilegeEscalation = Val<bool?>.Unknown(at),
        AddedCapabilities = new ItemList<Val<string?>> { IsComplete = false },
        DroppedCapabilities = new ItemList<Val<string?>> { IsComplete = false },
        HasSeccompProfile = true,
        SeccompType = Val<string?>.Unknown(at),
        SeccompLocalhostProfile = Val<string?>.Unknown(at),
    };

    private static void Append(ItemList<Val<string?>> target, ItemList<Val<string?>> items)
    {
        target.AddRange(items);
        if (!items.IsComplete) target.IsComplete = false;
    }

    private static ItemList<T> CopyOf<T>(ItemList<T> list)
    {
        var copy = new ItemList<T> { IsComplete = list.IsComplete, Anchor = list.Anchor };
        copy.AddRange(list);
        return copy;
    }
}
