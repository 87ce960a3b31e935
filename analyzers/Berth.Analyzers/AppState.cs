using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Berth.Rules;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>
/// A <c>Berth.StatefulApp</c> as the analyzer sees it: the same fields as the DSL record, each possibly unknown.
/// <see cref="Build"/> mirrors <c>StatefulApp.Build</c> followed by the runtime's <c>ModelMapper</c>, so that the
/// same definition yields the same model, and so the same rule IDs, at compile time and at build time.
/// </summary>
internal sealed class AppState
{
    public Location? Anchor { get; set; }

    public Val<string?> Name { get; set; }

    public Val<string?> Namespace { get; set; } = Val<string?>.Of(null);

    public Val<int?> Replicas { get; set; } = Val<int?>.Of(null);

    public LabelSpec Identity { get; set; } = new();

    public LabelSpec Extra { get; set; } = new();

    /// <summary>Known null: the selector follows the identity labels.</summary>
    public LabelSpec? SelectorOverride { get; set; }

    /// <summary>False when it is unknown whether the selector is overridden.</summary>
    public bool SelectorOverrideKnown { get; set; } = true;

    /// <summary>Known null: the governing Service is named after the app.</summary>
    public Val<string?> ServiceNameOverride { get; set; } = Val<string?>.Of(null);

    public Location? ServiceAnchor { get; set; }

    public Val<bool> BringOwnService { get; set; } = Val<bool>.Of(false);

    /// <summary>The client Service: null when none; Known false when it is unknown whether there is one.</summary>
    public ClientServiceState? ClientService { get; set; }

    public bool ClientServiceKnown { get; set; } = true;

    public Val<string?> PodManagement { get; set; } = Val<string?>.Of(null);

    public Val<bool> OnDelete { get; set; } = Val<bool>.Of(false);

    public Val<int?> Partition { get; set; } = Val<int?>.Of(null);

    public Val<string?> MaxUnavailable { get; set; } = Val<string?>.Of(null);

    public Location? StrategyAnchor { get; set; }

    public Val<int?> RevisionHistory { get; set; } = Val<int?>.Of(null);

    public Val<int?> MinReady { get; set; } = Val<int?>.Of(null);

    public Val<int?> StartOrdinal { get; set; } = Val<int?>.Of(null);

    /// <summary>Known false: no retention policy.</summary>
    public Val<bool> HasRetention { get; set; } = Val<bool>.Of(false);

    public Val<string?> RetentionWhenDeleted { get; set; } = Val<string?>.Of(null);

    public Val<string?> RetentionWhenScaled { get; set; } = Val<string?>.Of(null);

    public List<ContainerState> Containers { get; set; } = new();

    public bool ContainersComplete { get; set; } = true;

    public List<ContainerState> InitContainers { get; set; } = new();

    public bool InitContainersComplete { get; set; } = true;

    public List<VolumeModel> Volumes { get; set; } = new();

    public bool VolumesComplete { get; set; } = true;

    public List<ClaimTemplateModel> Claims { get; set; } = new();

    public bool ClaimsComplete { get; set; } = true;

    public Val<string?> ServiceAccount { get; set; } = Val<string?>.Of(null);

    public Val<long?> TerminationGrace { get; set; } = Val<long?>.Of(null);

    public List<TolerationModel> Tolerations { get; set; } = new();

    public bool TolerationsComplete { get; set; } = true;

    /// <summary>True when <c>Affinity(...)</c> supplies terms the analyzer cannot see.</summary>
    public bool AffinityUnknown { get; set; }

    /// <summary>The terms of <c>Affinity(...)</c> when its object initializer could be read (selectors included).</summary>
    public AffinityReader.Terms? AffinityTerms { get; set; }

    /// <summary>null: no node spreading; else whether it is required (possibly unknown).</summary>
    public Val<bool>? NodeSpread { get; set; }

    public Location? NodeSpreadAnchor { get; set; }

    public bool NodeSpreadKnown { get; set; } = true;

    public Val<bool>? ZoneSpread { get; set; }

    public Location? ZoneSpreadAnchor { get; set; }

    public bool ZoneSpreadKnown { get; set; } = true;

    /// <summary>The disruption budget: null when none.</summary>
    public BudgetState? Budget { get; set; }

    public bool BudgetKnown { get; set; } = true;

    /// <summary><c>With(yaml)</c> carries an object that may be a Service or a budget the analyzer does not read.</summary>
    public bool ExtraObjectsUnknown { get; set; }

    /// <summary><c>Annotation(key, value)</c> calls: the StatefulSet's annotations (a sorted map, as labels).</summary>
    public LabelSpec Annotations { get; set; } = new();

    /// <summary><c>PodAnnotation(key, value)</c> calls: the pod template's annotations.</summary>
    public LabelSpec PodAnnotations { get; set; } = new();

    /// <summary>
    /// The <c>Customize(...)</c> edits, in order: they run on the built objects, after every DSL step, so they are
    /// applied to the model <see cref="Build"/> makes.
    /// </summary>
    public List<CustomizeEdit> Customizations { get; set; } = new();

    /// <summary>Places where the analyzer stops following the definition (BERTH080), with what it no longer checks.</summary>
    public List<(Location Location, string Message)> Notes { get; set; } = new();

    /// <summary>Starts a definition: <c>StatefulApp.Named(name)</c>.</summary>
    public static AppState Named(Val<string?> name, Location anchor)
    {
        var state = new AppState { Anchor = anchor, Name = name, ServiceAnchor = name.Anchor as Location };
        var identity = new LabelSpec { Anchor = name.Anchor as Location };
        identity.Set(Val<string>.Of(DslConventions.IdentityLabelKey, name.Anchor), name.IsKnown ? Val<string>.Of(name.Value ?? string.Empty, name.Anchor) : Val<string>.Unknown(name.Anchor));
        state.Identity = identity;
        return state;
    }

    /// <summary>An app of which nothing is known (a parameter, a member in metadata, an unknown call).</summary>
    public static AppState Unknown(Location? anchor) => new()
    {
        Anchor = anchor,
        Name = Val<string?>.Unknown(anchor),
        Namespace = Val<string?>.Unknown(anchor),
        Replicas = Val<int?>.Unknown(anchor),
        Identity = LabelSpec.Unknown(anchor),
        Extra = LabelSpec.Unknown(anchor),
        SelectorOverrideKnown = false,
        ServiceNameOverride = Val<string?>.Unknown(anchor),
        ServiceAnchor = anchor,
        BringOwnService = Val<bool>.Unknown(anchor),
        ClientServiceKnown = false,
        PodManagement = Val<string?>.Unknown(anchor),
        OnDelete = Val<bool>.Unknown(anchor),
        Partition = Val<int?>.Unknown(anchor),
        MaxUnavailable = Val<string?>.Unknown(anchor),
        RevisionHistory = Val<int?>.Unknown(anchor),
        MinReady = Val<int?>.Unknown(anchor),
        StartOrdinal = Val<int?>.Unknown(anchor),
        HasRetention = Val<bool>.Unknown(anchor),
        RetentionWhenDeleted = Val<string?>.Unknown(anchor),
        RetentionWhenScaled = Val<string?>.Unknown(anchor),
        ContainersComplete = false,
        InitContainersComplete = false,
        VolumesComplete = false,
        ClaimsComplete = false,
        ServiceAccount = Val<string?>.Unknown(anchor),
        TerminationGrace = Val<long?>.Unknown(anchor),
        TolerationsComplete = false,
        AffinityUnknown = true,
        NodeSpreadKnown = false,
        ZoneSpreadKnown = false,
        BudgetKnown = false,
        ExtraObjectsUnknown = true,
        Annotations = LabelSpec.Unknown(anchor),
        PodAnnotations = LabelSpec.Unknown(anchor),
    };

    /// <summary>A deep enough copy: lists and label sets are copied, immutable values shared.</summary>
    public AppState Clone()
    {
        var copy = (AppState)MemberwiseClone();
        copy.Identity = Identity.Clone();
        copy.Extra = Extra.Clone();
        copy.SelectorOverride = SelectorOverride?.Clone();
        copy.Containers = new List<ContainerState>(Containers);
        copy.InitContainers = new List<ContainerState>(InitContainers);
        copy.Volumes = new List<VolumeModel>(Volumes);
        copy.Claims = new List<ClaimTemplateModel>(Claims);
        copy.Tolerations = new List<TolerationModel>(Tolerations);
        copy.Customizations = new List<CustomizeEdit>(Customizations);
        copy.Notes = new List<(Location, string)>(Notes);
        copy.Annotations = Annotations.Clone();
        copy.PodAnnotations = PodAnnotations.Clone();
        return copy;
    }

    /// <summary>The objects the app writes, as the rule model: the StatefulSet, its Services and its budget.</summary>
    public AppResult Build()
    {
        var result = new AppResult { Anchor = Anchor };
        result.Notes.AddRange(Notes);
        var identity = Identity;
        LabelMap Ident() => identity.ToMap();

        var app = new AppModel
        {
            Anchor = Anchor,
            Name = Name,
            Namespace = Namespace,
            Labels = Extra.ToMap(),
            Selector = SelectorOverrideKnown ? (SelectorOverride ?? identity).ToMap() : LabelSpec.Unknown(Anchor).ToMap(),
            SelectorOverridden = SelectorOverrideKnown && SelectorOverride is not null,
            TemplateLabels = LabelSpec.Merge(identity, Extra).ToMap(),
            Replicas = Replicas,
            ServiceName = ServiceName(),
            PodManagementPolicy = PodManagement,
            RevisionHistoryLimit = RevisionHistory,
            MinReadySeconds = MinReady,
            OrdinalsStart = StartOrdinal,
        };
        app.TemplateLabels.Anchor = identity.Anchor;

        // Update strategy: OnDelete; RollingUpdate when a partition or maxUnavailable is set; else the default (none).
        if (!OnDelete.IsKnown)
        {
            app.UpdateStrategyType = Val<string?>.Unknown(StrategyAnchor);
            app.Partition = Val<int?>.Unknown(StrategyAnchor);
            app.MaxUnavailable = Val<string?>.Unknown(StrategyAnchor);
        }
        else if (OnDelete.Value)
        {
            app.UpdateStrategyType = Val<string?>.Of(DslConventions.OnDeleteStrategy, OnDelete.Anchor);
        }
        else
        {
            bool? any = Partition.IsKnown && MaxUnavailable.IsKnown ? Partition.Value is not null || MaxUnavailable.Value is not null : (Partition.IsKnown && Partition.Value is not null) || (MaxUnavailable.IsKnown && MaxUnavailable.Value is not null) ? true : null;
            app.UpdateStrategyType = any switch
            {
                true => Val<string?>.Of(DslConventions.RollingUpdateStrategy, StrategyAnchor),
                false => Val<string?>.Of(null),
                _ => Val<string?>.Unknown(StrategyAnchor),
            };
            app.HasRollingUpdate = any == true;
            app.Partition = Partition;
            app.MaxUnavailable = MaxUnavailable;
        }

        if (!HasRetention.IsKnown)
        {
            app.RetentionWhenDeleted = Val<string?>.Unknown(HasRetention.Anchor);
            app.RetentionWhenScaled = Val<string?>.Unknown(HasRetention.Anchor);
        }
        else if (HasRetention.Value)
        {
            app.HasRetentionPolicy = true;
            app.RetentionWhenDeleted = RetentionWhenDeleted;
            app.RetentionWhenScaled = RetentionWhenScaled;
        }

        app.Pod = Pod(Ident);

        // Annotations (BERTH079).
        app.Annotations = Annotations.ToMap();
        app.Pod.Annotations = PodAnnotations.ToMap();

        foreach (var claim in Claims) app.ClaimTemplates.Add(claim);
        app.ClaimTemplates.IsComplete = ClaimsComplete;
        app.ClaimTemplates.Anchor = Anchor;
        result.App = app;

        // Services: the governing headless Service unless the app uses an existing one, and the client Service.
        var ports = ServicePorts(out bool portsComplete);
        if (!BringOwnService.IsKnown) result.ServicesKnown = false;
        else if (!BringOwnService.Value)
        {
            var service = new ServiceModel
            {
                Anchor = ServiceAnchor ?? Anchor,
                Name = ServiceName(),
                Namespace = Namespace,
                ClusterIP = Val<string?>.Of(DslConventions.HeadlessClusterIP, ServiceAnchor),
                Selector = Ident(),
                IsGeneratedGoverning = true,
            };
            service.Ports.AddRange(ports());
            service.Ports.IsComplete = portsComplete;
            result.Services.Add(service);
        }

        if (!ClientServiceKnown) result.ServicesKnown = false;
        else if (ClientService is { } client)
        {
            var name = client.Name.IsKnown && client.Name.Value is null
                ? (Name.IsKnown ? Val<string?>.Of(DslConventions.ClientServiceName(Name.Value ?? string.Empty), client.Anchor) : Val<string?>.Unknown(client.Anchor))
                : client.Name;
            var service = new ServiceModel
            {
                Anchor = client.Anchor,
                Name = name,
                Namespace = Namespace,
                Type = client.Type.IsKnown && client.Type.Value is { } type ? Val<string?>.Of(DslConventions.ServiceTypeText(type), client.Type.Anchor) : client.Type,
                ClusterIP = Val<string?>.Of(null),
                Selector = Ident(),
            };
            service.Ports.AddRange(ports());
            service.Ports.IsComplete = portsComplete;
            result.Services.Add(service);
        }

        if (ExtraObjectsUnknown)
        {
            result.ServicesKnown = false;
            result.BudgetsKnown = false;
        }

        if (!BudgetKnown) result.BudgetsKnown = false;
        else if (Budget is { } budget)
        {
            var minAvailable = budget.MinAvailable;
            if (budget.Quorum)
            {
                minAvailable = Replicas.IsKnown
                    ? Val<string?>.Of(DslConventions.QuorumMinAvailable(Replicas.Value).ToString(CultureInfo.InvariantCulture), budget.Anchor)
                    : Val<string?>.Unknown(budget.Anchor);
            }

            result.Budgets.Add(new BudgetModel
            {
                Anchor = budget.Anchor,
                Name = Name,
                Namespace = Namespace,
                Selector = Ident(),
                MaxUnavailable = budget.Quorum ? Val<string?>.Of(null) : budget.MaxUnavailable,
                MinAvailable = minAvailable,
            });
        }

        foreach (var edit in Customizations)
        {
            CustomizeEffects.Apply(result, edit);
            if (edit.Unfollowed.Count > 0) result.Notes.Add((edit.Anchor, AnalysisLimits.Customize(Name, edit)));
        }

        return result;
    }

    private Val<string?> ServiceName()
    {
        if (!ServiceNameOverride.IsKnown) return ServiceNameOverride;
        return ServiceNameOverride.Value is null ? Name : ServiceNameOverride;
    }

    private PodModel Pod(Func<LabelMap> identity)
    {
        var pod = new PodModel
        {
            Anchor = Anchor,
            RestartPolicy = Val<string?>.Of(null),
            ActiveDeadlineSeconds = Val<long?>.Of(null),
            TerminationGracePeriodSeconds = TerminationGrace,
            ServiceAccountName = ServiceAccount,
            HostNetwork = Val<bool>.Of(false),
        };
        foreach (var c in Containers) pod.Containers.Add(c.ToModel(isInit: false));
        pod.Containers.IsComplete = ContainersComplete;
        foreach (var c in InitContainers) pod.InitContainers.Add(c.ToModel(isInit: true));
        pod.InitContainers.IsComplete = InitContainersComplete;
        pod.Volumes.AddRange(Volumes);
        pod.Volumes.IsComplete = VolumesComplete;
        pod.Tolerations.AddRange(Tolerations);
        pod.Tolerations.IsComplete = TolerationsComplete;
        pod.Containers.Anchor = pod.InitContainers.Anchor = pod.Volumes.Anchor = pod.Tolerations.Anchor = Anchor;

        // Pod anti-affinity: the terms of Affinity(...) (unknown) plus SpreadAcrossNodes' term on the identity labels.
        pod.AntiAffinity.IsComplete = !AffinityUnknown && NodeSpreadKnown;
        pod.AntiAffinity.Anchor = NodeSpreadAnchor ?? Anchor;
        if (NodeSpread is { } required)
        {
            pod.AntiAffinity.Add(new AffinityTermModel
            {
                Anchor = NodeSpreadAnchor,
                Required = required.IsKnown && required.Value,
                Weight = !required.IsKnown ? Val<int?>.Unknown(required.Anchor) : required.Value ? Val<int?>.Of(null) : Val<int?>.Of(DslConventions.PreferredNodeSpreadWeight, NodeSpreadAnchor),
                TopologyKey = Val<string?>.Of(DslConventions.HostnameTopologyKey, NodeSpreadAnchor),
                Selector = identity(),
            });
        }

        // Terms read from Affinity(...), in the runtime's order: required terms first, then preferred ones, with
        // SpreadAcrossNodes' term after the terms of its kind (it is added to the lists the factory returned).
        if (AffinityTerms is { } read)
        {
            var spread = pod.AntiAffinity.ToList();
            pod.AntiAffinity.Clear();
            pod.AntiAffinity.AddRange(read.AntiRequired);
            pod.AntiAffinity.AddRange(spread.Where(t => t.Required));
            pod.AntiAffinity.AddRange(read.AntiPreferred);
            pod.AntiAffinity.AddRange(spread.Where(t => !t.Required));
            pod.PodAffinity.AddRange(read.PodAffinity);
        }

        pod.PodAffinity.IsComplete = !AffinityUnknown;
        pod.TopologySpread.IsComplete = ZoneSpreadKnown;
        pod.TopologySpread.Anchor = ZoneSpreadAnchor ?? Anchor;
        if (ZoneSpread is { } zoneRequired)
        {
            pod.TopologySpread.Add(new SpreadConstraintModel
            {
                Anchor = ZoneSpreadAnchor,
                MaxSkew = Val<int>.Of(1, ZoneSpreadAnchor),
                TopologyKey = Val<string?>.Of(DslConventions.ZoneTopologyKey, ZoneSpreadAnchor),
                WhenUnsatisfiable = zoneRequired.IsKnown
                    ? Val<string?>.Of(DslConventions.ZoneWhenUnsatisfiable(zoneRequired.Value), zoneRequired.Anchor)
                    : Val<string?>.Unknown(zoneRequired.Anchor),
                Selector = identity(),
            });
        }

        return pod;
    }

    /// <summary>
    /// Service ports from the container ports, as the DSL makes them: de-duplicated by (port, protocol), named
    /// after the container port, or "tcp-5432" when there are several unnamed ones.
    /// </summary>
    private Func<IEnumerable<ServicePortModel>> ServicePorts(out bool complete)
    {
        complete = ContainersComplete && Containers.All(c => c.PortsComplete && c.Ports.All(p => p.Number.IsKnown && p.Protocol.IsKnown));
        var seen = new HashSet<(int, string?)>();
        var ports = new List<PortModel>();
        foreach (var c in Containers)
        {
            foreach (var p in c.Ports)
            {
                if (!p.Number.IsKnown || !p.Protocol.IsKnown) continue;
                if (seen.Add((p.Number.Value, p.Protocol.Value))) ports.Add(p);
            }
        }

        bool allKnown = complete;
        return () => ports.Select(p => new ServicePortModel
        {
            Anchor = p.Anchor,
            Name = p.Name.IsKnown && p.Name.Value is null
                ? (allKnown ? Val<string?>.Of(DslConventions.ServicePortName(null, p.Protocol.Value ?? "TCP", p.Number.Value, ports.Count), p.Anchor) : Val<string?>.Unknown(p.Anchor))
                : p.Name,
            Port = p.Number,
            Protocol = p.Protocol,
            TargetPort = p.Name,
        }).ToList();
    }
}

/// <summary>The client Service of an app.</summary>
internal sealed class ClientServiceState
{
    public Location? Anchor { get; set; }

    /// <summary>Known null: named <c>&lt;app&gt;-client</c>.</summary>
    public Val<string?> Name { get; set; }

    /// <summary>ClusterIP, NodePort or LoadBalancer.</summary>
    public Val<string?> Type { get; set; }
}

/// <summary>The disruption budget of an app.</summary>
internal sealed class BudgetState
{
    public Location? Anchor { get; set; }

    public Val<string?> MaxUnavailable { get; set; }

    public Val<string?> MinAvailable { get; set; }

    public bool Quorum { get; set; }
}

/// <summary>The rule model of one app: its StatefulSet, its Services and its budget.</summary>
internal sealed class AppResult
{
    public Location? Anchor { get; set; }

    public AppModel App { get; set; } = new();

    public List<ServiceModel> Services { get; } = new();

    /// <summary>False when the app may write Services the analyzer cannot see.</summary>
    public bool ServicesKnown { get; set; } = true;

    public List<BudgetModel> Budgets { get; } = new();

    public bool BudgetsKnown { get; set; } = true;

    /// <summary>True when the whole built objects are handed to code the analyzer cannot follow (<c>Customize</c>).</summary>
    public bool Opaque { get; set; }

    /// <summary>Where the analyzer stopped following the definition (BERTH080), with the message.</summary>
    public List<(Location Location, string Message)> Notes { get; } = new();

    /// <summary>The app alone, with its own Services and budget.</summary>
    public ManifestSetModel ToSet()
    {
        var set = new ManifestSetModel();
        set.Apps.Add(App);
        set.Services.AddRange(Services);
        set.Services.IsComplete = ServicesKnown;
        set.Budgets.AddRange(Budgets);
        set.Budgets.IsComplete = BudgetsKnown;
        return set;
    }
}
