using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>A container as the DSL builds it (<c>Berth.ContainerSpec</c>), with unknowns.</summary>
internal sealed class ContainerState
{
    public Location? Anchor { get; set; }

    public Val<string?> Name { get; set; }

    public Val<string?> Image { get; set; }

    public Val<string?> PullPolicy { get; set; } = Val<string?>.Of(null);

    public Val<string?> RestartPolicy { get; set; } = Val<string?>.Of(null);

    public Val<bool> HasLifecycle { get; set; } = Val<bool>.Of(false);

    public List<PortModel> Ports { get; } = new();

    public bool PortsComplete { get; set; } = true;

    public List<EnvModel> Env { get; } = new();

    public bool EnvComplete { get; set; } = true;

    public List<EnvFromModel> EnvFrom { get; } = new();

    public bool EnvFromComplete { get; set; } = true;

    public List<MountModel> Mounts { get; } = new();

    public bool MountsComplete { get; set; } = true;

    /// <summary>Requests by resource name (a sorted dictionary in the DSL).</summary>
    public ResourceSpec Requests { get; } = new();

    public ResourceSpec Limits { get; } = new();

    /// <summary>Readiness, liveness and startup probes; a later call replaces the earlier one.</summary>
    public Dictionary<ProbeKind, ProbeModel> Probes { get; } = new();

    public bool ProbesComplete { get; set; } = true;

    /// <summary>A copy whose lists can change without touching this one.</summary>
    public ContainerState Clone()
    {
        var copy = new ContainerState
        {
            Anchor = Anchor,
            Name = Name,
            Image = Image,
            PullPolicy = PullPolicy,
            RestartPolicy = RestartPolicy,
            HasLifecycle = HasLifecycle,
            PortsComplete = PortsComplete,
            EnvComplete = EnvComplete,
            EnvFromComplete = EnvFromComplete,
            MountsComplete = MountsComplete,
            ProbesComplete = ProbesComplete,
        };
        copy.Ports.AddRange(Ports);
        copy.Env.AddRange(Env);
        copy.EnvFrom.AddRange(EnvFrom);
        copy.Mounts.AddRange(Mounts);
        Requests.CopyTo(copy.Requests);
        Limits.CopyTo(copy.Limits);
        foreach (var kv in Probes) copy.Probes[kv.Key] = kv.Value;
        return copy;
    }

    /// <summary>A container of which nothing is known (built by code the analyzer cannot follow).</summary>
    public static ContainerState Unknown(Location? anchor) => new()
    {
        Anchor = anchor,
        Name = Val<string?>.Unknown(anchor),
        Image = Val<string?>.Unknown(anchor),
        PullPolicy = Val<string?>.Unknown(anchor),
        RestartPolicy = Val<string?>.Unknown(anchor),
        HasLifecycle = Val<bool>.Unknown(anchor),
        PortsComplete = false,
        EnvComplete = false,
        EnvFromComplete = false,
        MountsComplete = false,
        ProbesComplete = false,
        Requests = { Complete = false },
        Limits = { Complete = false },
    };

    public ContainerModel ToModel(bool isInit)
    {
        var model = new ContainerModel
        {
            Anchor = Anchor,
            IsInit = isInit,
            Name = Name,
            Image = Image,
            ImagePullPolicy = PullPolicy,
            RestartPolicy = RestartPolicy,
            // A rule never fires on an unknown value: an unknown lifecycle counts as none.
            HasLifecycle = HasLifecycle.IsKnown && HasLifecycle.Value,
        };
        model.Ports.AddRange(Ports);
        model.Ports.IsComplete = PortsComplete;
        model.Env.AddRange(Env);
        model.Env.IsComplete = EnvComplete;
        model.EnvFrom.AddRange(EnvFrom);
        model.EnvFrom.IsComplete = EnvFromComplete;
        model.Mounts.AddRange(Mounts);
        model.Mounts.IsComplete = MountsComplete;
        Requests.Fill(model.Requests);
        Limits.Fill(model.Limits);
        foreach (var kind in new[] { ProbeKind.Readiness, ProbeKind.Liveness, ProbeKind.Startup })
            if (Probes.TryGetValue(kind, out var probe)) model.Probes.Add(probe);
        model.Probes.IsComplete = ProbesComplete;
        model.Ports.Anchor = model.Env.Anchor = model.EnvFrom.Anchor = model.Mounts.Anchor = model.Probes.Anchor = Anchor;
        return model;
    }
}

/// <summary>Resource requests or limits: a dictionary from resource name to quantity text.</summary>
internal sealed class ResourceSpec
{
    private readonly List<ResourceModel> _items = new();

    public bool Complete { get; set; } = true;

    /// <summary>Sets a quantity; an unknown resource name may replace any other.</summary>
    public void Set(Val<string> resource, Val<string?> quantity, Location? anchor)
    {
        if (resource.IsKnown)
            _items.RemoveAll(r => r.Resource.IsKnown && string.Equals(r.Resource.Value, resource.Value, StringComparison.Ordinal));
        else
            Complete = false;
        _items.Add(new ResourceModel { Anchor = anchor, Resource = resource, Quantity = quantity });
    }

    public void CopyTo(ResourceSpec target)
    {
        target._items.Clear();
        target._items.AddRange(_items);
        target.Complete = Complete;
    }

    public void Fill(ItemList<ResourceModel> target)
    {
        // The runtime lists resources in ordinal order of their names.
        target.AddRange(_items.OrderBy(r => r.Resource.IsKnown ? r.Resource.Value : "\uffff", StringComparer.Ordinal));
        target.IsComplete = Complete;
    }
}
