using System;
using System.Collections.Generic;
using Berth.Rules.Model;

namespace Berth;

internal static partial class ModelAnchors
{
    /// <summary>
    /// Gives the containers mapped from the built pod the anchors their <see cref="ContainerSpec"/> steps set (the
    /// <c>Container</c>/<c>InitContainer</c> call for the name and image, the <c>ContainerSpec</c> call for a port, a mount,
    /// an environment variable, a resource, a probe or a security field). Containers are matched by name, ports by name (else
    /// number), mounts by volume and path, environment variables by name, resources by name, probes by kind. A value is anchored
    /// only where the built object still holds what the steps set: a value a Customize changed keeps no anchor.
    /// </summary>
    public static void StampContainers(StatefulApp definition, PodModel pod)
    {
        foreach (var built in pod.Containers)
            Container(built, FindContainer(definition.Containers, built.Name));
        foreach (var built in pod.InitContainers)
            Container(built, FindContainer(definition.InitContainers, built.Name));
    }

    private static void Container(ContainerModel built, ContainerModel? set)
    {
        if (set is null)
            return;
        built.Name = Same(built.Name, set.Name);
        built.Image = Same(built.Image, set.Image);
        built.ImagePullPolicy = Same(built.ImagePullPolicy, set.ImagePullPolicy);
        built.RestartPolicy = Same(built.RestartPolicy, set.RestartPolicy);

        foreach (var port in built.Ports)
        {
            var match = Last(set.Ports, p => port.Name.Value is { } name ? p.Name.Value == name : p.Name.Value is null && p.Number.Value == port.Number.Value);
            if (match is null || !(Eq(port.Number, match.Number) && Eq(port.Protocol, match.Protocol) && Eq(port.HostPort, match.HostPort)))
                continue;
            port.Anchor ??= match.Anchor;
            port.Name = Re(port.Name, match.Name.Anchor);
            port.Number = Re(port.Number, match.Number.Anchor);
            port.Protocol = Re(port.Protocol, match.Protocol.Anchor);
            port.HostPort = Re(port.HostPort, match.HostPort.Anchor);
        }

        foreach (var env in built.Env)
        {
            var match = Last(set.Env, e => Eq(e.Name, env.Name));
            if (match is null || !(Eq(env.Value, match.Value) && env.ValueFromSources == match.ValueFromSources && Eq(env.Key, match.Key) && Eq(env.SourceName, match.SourceName)))
                continue;
            env.Anchor ??= match.Anchor;
            env.Name = Re(env.Name, match.Name.Anchor);
            env.Value = Re(env.Value, match.Value.Anchor);
            env.Key = Re(env.Key, match.Key.Anchor);
            env.SourceName = Re(env.SourceName, match.SourceName.Anchor);
        }

        if (built.EnvFrom.Count == set.EnvFrom.Count)
        {
            for (var i = 0; i < built.EnvFrom.Count; i++)
            {
                var (from, match) = (built.EnvFrom[i], set.EnvFrom[i]);
                if (from.Sources != match.Sources || !Eq(from.Prefix, match.Prefix))
                    continue;
                from.Anchor ??= match.Anchor;
                from.Prefix = Re(from.Prefix, match.Prefix.Anchor);
            }
        }

        foreach (var mount in built.Mounts)
        {
            var match = Last(set.Mounts, m => Eq(m.Name, mount.Name) && Eq(m.Path, mount.Path));
            if (match is null || !Eq(mount.SubPath, match.SubPath))
                continue;
            mount.Anchor ??= match.Anchor;
            mount.Name = Re(mount.Name, match.Name.Anchor);
            mount.Path = Re(mount.Path, match.Path.Anchor);
            mount.SubPath = Re(mount.SubPath, match.SubPath.Anchor);
        }

        Resources(built.Requests, set.Requests);
        Resources(built.Limits, set.Limits);

        foreach (var probe in built.Probes)
        {
            // The probe's own values carry no call (a Probe is built apart from the app): they are anchored where the probe was
            // given to the container (Readiness, Liveness, Startup), when the built probe is still the one given.
            var match = Last(set.Probes, p => p.Kind == probe.Kind);
            if (match is null || !(Eq(probe.Handler, match.Handler) && Eq(probe.Port, match.Port) && Eq(probe.Path, match.Path)
                && Eq(probe.InitialDelaySeconds, match.InitialDelaySeconds) && Eq(probe.TimeoutSeconds, match.TimeoutSeconds)
                && Eq(probe.PeriodSeconds, match.PeriodSeconds) && Eq(probe.SuccessThreshold, match.SuccessThreshold)
                && Eq(probe.FailureThreshold, match.FailureThreshold) && Eq(probe.TerminationGracePeriodSeconds, match.TerminationGracePeriodSeconds)))
                continue;
            probe.Anchor ??= match.Anchor;
        }

        if (built.Security is { } security && set.Security is { } setSecurity)
        {
            security.RunAsUser = Same(security.RunAsUser, setSecurity.RunAsUser);
            security.RunAsGroup = Same(security.RunAsGroup, setSecurity.RunAsGroup);
            security.RunAsNonRoot = Same(security.RunAsNonRoot, setSecurity.RunAsNonRoot);
            security.ReadOnlyRootFilesystem = Same(security.ReadOnlyRootFilesystem, setSecurity.ReadOnlyRootFilesystem);
            security.Privileged = Same(security.Privileged, setSecurity.Privileged);
            security.AllowPrivilegeEscalation = Same(security.AllowPrivilegeEscalation, setSecurity.AllowPrivilegeEscalation);
            security.SeccompType = Same(security.SeccompType, setSecurity.SeccompType);
            security.SeccompLocalhostProfile = Same(security.SeccompLocalhostProfile, setSecurity.SeccompLocalhostProfile);
            SameItems(security.AddedCapabilities, setSecurity.AddedCapabilities);
            SameItems(security.DroppedCapabilities, setSecurity.DroppedCapabilities);
        }
    }

    /// <summary>Each built resource anchored where the step set it, when its quantity is the one set (or its canonical text).</summary>
    private static void Resources(ItemList<ResourceModel> built, ItemList<ResourceModel> set)
    {
        foreach (var resource in built)
        {
            var match = Last(set, r => Eq(r.Resource, resource.Resource));
            if (match is null || !resource.Quantity.IsKnown || !match.Quantity.IsKnown)
                continue;
            var text = match.Quantity.Value;
            var same = string.Equals(resource.Quantity.Value, text, StringComparison.Ordinal)
                || (text is not null && Quantities.TryCreate(text) is { } q && string.Equals(Quantities.Text(q), resource.Quantity.Value, StringComparison.Ordinal));
            if (!same)
                continue;
            resource.Anchor ??= match.Anchor;
            resource.Resource = Re(resource.Resource, match.Resource.Anchor);
            resource.Quantity = Re(resource.Quantity, match.Quantity.Anchor);
        }
    }

    /// <summary>The items of a built list anchored as the set ones, when the lists hold the same values.</summary>
    private static void SameItems(ItemList<Val<string?>> built, ItemList<Val<string?>> set)
    {
        if (built.Count != set.Count)
            return;
        for (var i = 0; i < built.Count; i++)
        {
            if (!Eq(built[i], set[i]))
                return;
        }

        for (var i = 0; i < built.Count; i++)
            built[i] = Re(built[i], set[i].Anchor);
    }

    /// <summary>The built value anchored as the set one, when both are known and equal.</summary>
    private static Val<T> Same<T>(Val<T> built, Val<T> set) => Eq(built, set) ? Re(built, set.Anchor) : built;

    private static bool Eq<T>(Val<T> a, Val<T> b) => a.IsKnown && b.IsKnown && EqualityComparer<T>.Default.Equals(a.Value, b.Value);

    /// <summary>The model of the last container of <paramref name="containers"/> named <paramref name="name"/>, or null.</summary>
    private static ContainerModel? FindContainer(IReadOnlyList<ContainerSpec> containers, Val<string?> name)
    {
        for (var i = containers.Count - 1; i >= 0; i--)
        {
            if (Eq(containers[i].Model.Name, name))
                return containers[i].Model;
        }

        return null;
    }

    private static T? Last<T>(IReadOnlyList<T> items, Func<T, bool> match)
        where T : class
    {
        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (match(items[i]))
                return items[i];
        }

        return null;
    }
}
