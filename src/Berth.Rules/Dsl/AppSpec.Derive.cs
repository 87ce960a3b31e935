using System.Collections.Generic;
using System.Globalization;
using Berth.Rules.Model;

namespace Berth.Rules.Dsl;

public sealed partial class AppSpec
{
    /// <summary>
    /// The objects the definition writes, as the rule model: the StatefulSet (with the given containers), the governing and
    /// client Services and the budget, derived with the DSL's conventions (selector from the identity labels unless
    /// overridden, Service ports from the container ports, quorum from the final replica count). The runtime renders its
    /// Kubernetes objects from this; the analyzers check it. <c>Customize</c> edits are not applied here.
    /// </summary>
    /// <param name="containers">The containers, as the front end built them (their ports become the Service ports).</param>
    /// <param name="initContainers">The init containers.</param>
    public AppObjects Derive(ItemList<ContainerModel> containers, ItemList<ContainerModel> initContainers)
    {
        var result = new AppObjects();
        var identity = Identity;
        var app = new AppModel
        {
            Anchor = Anchor,
            Name = Name,
            Namespace = Namespace,
            Labels = LabelSet.Merge(identity, Extra, LabelsOf(DslConventions.StatefulSetPart)),
            Selector = SelectorOverrideKnown ? (SelectorOverride ?? identity).ToMap() : LabelSet.Unknown(Anchor).ToMap(),
            SelectorOverridden = SelectorOverrideKnown && SelectorOverride is not null,
            TemplateLabels = LabelSet.Merge(identity, Extra, LabelsOf(DslConventions.PodsPart)),
            Replicas = Replicas,
            ServiceName = ServiceName(),
            PodManagementPolicy = PodManagement,
            RevisionHistoryLimit = RevisionHistory,
            MinReadySeconds = MinReady,
            OrdinalsStart = StartOrdinal,
            Annotations = Annotations.ToMap(),
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
            bool? any = Partition.IsKnown && MaxUnavailable.IsKnown ? Partition.Value is not null || MaxUnavailable.Value is not null
                : (Partition.IsKnown && Partition.Value is not null) || (MaxUnavailable.IsKnown && MaxUnavailable.Value is not null) ? true : null;
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

        app.Pod = Pod(containers, initContainers);
        app.Pod.Annotations = PodAnnotations.ToMap();
        app.ClaimTemplates.AddRange(Claims);
        app.ClaimTemplates.IsComplete = Claims.IsComplete;
        app.ClaimTemplates.Anchor = Anchor;
        result.App = app;

        // Services: the governing headless Service unless the app uses an existing one, and the client Service.
        var ports = ServicePorts(containers, out var portsComplete);
        if (!BringOwnService.IsKnown) result.Services.IsComplete = false;
        else if (!BringOwnService.Value)
        {
            var service = new ServiceModel
            {
                Anchor = ServiceAnchor ?? Anchor,
                Name = ServiceName(),
                Namespace = Namespace,
                Labels = LabelSet.Merge(identity, Extra, LabelsOf(DslConventions.GoverningServicePart)),
                ClusterIP = Val<string?>.Of(DslConventions.HeadlessClusterIP, ServiceAnchor),
                Selector = identity.ToMap(),
                PublishNotReadyAddresses = PublishNotReady,
                IsGeneratedGoverning = true,
            };
            SelectPorts(service, ports(), portsComplete, GoverningPorts, containers);
            result.Services.Add(service);
        }

        if (!ClientServiceKnown) result.Services.IsComplete = false;
        else if (ClientService is { } client)
        {
            var service = new ServiceModel
            {
                Anchor = client.Anchor,
                Name = client.Name,
                Namespace = Namespace,
                Labels = LabelSet.Merge(identity, Extra, LabelsOf(DslConventions.ClientServicePart)),
                Type = client.Type,
                ClusterIP = Val<string?>.Of(null),
                Selector = identity.ToMap(),
            };
            SelectPorts(service, ports(), portsComplete, client.Ports, containers);
            result.Services.Add(service);
        }

        if (ExtraObjectsUnknown)
        {
            result.Services.IsComplete = false;
            result.Budgets.IsComplete = false;
        }

        if (!BudgetKnown) result.Budgets.IsComplete = false;
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
                Name = budget.Name.IsKnown && budget.Name.Value is null ? Name : budget.Name,
                Namespace = Namespace,
                Labels = LabelSet.Merge(identity, Extra, LabelsOf(DslConventions.DisruptionBudgetPart)),
                Selector = identity.ToMap(),
                MaxUnavailable = budget.Quorum ? Val<string?>.Of(null) : budget.MaxUnavailable,
                MinAvailable = minAvailable,
            });
        }

        return result;
    }

    /// <summary>
    /// The ports of a Service: every port derived from the containers, or, when the definition names some, those ports in the order
    /// named (each named after its container port). A name that no container port has gets no Service port: it is recorded in
    /// <see cref="ServiceModel.UnmatchedPorts"/> for BERTH105.
    /// </summary>
    private static void SelectPorts(ServiceModel service, List<ServicePortModel> all, bool allComplete, ItemList<Val<string?>>? names, ItemList<ContainerModel> containers)
    {
        if (names is null)
        {
            service.Ports.AddRange(all);
            service.Ports.IsComplete = allComplete;
            return;
        }

        service.Ports.IsComplete = names.IsComplete;
        service.Ports.Anchor = names.Anchor;
        foreach (var name in names)
        {
            if (!name.IsKnown)
            {
                service.Ports.IsComplete = false;
                continue;
            }

            ServicePortModel? found = null;
            foreach (var p in all)
            {
                if (p.Name.IsKnown && p.Name.Value == name.Value)
                {
                    found = p;
                    break;
                }
            }

            if (found is not null)
            {
                service.Ports.Add(new ServicePortModel { Anchor = name.Anchor ?? found.Anchor, Name = found.Name, Port = found.Port, Protocol = found.Protocol, TargetPort = found.TargetPort });
            }
            else if (!allComplete)
            {
                service.Ports.IsComplete = false;
            }
            else
            {
                service.UnmatchedPorts.Add(name);
                foreach (var c in containers)
                    foreach (var p in c.Ports)
                        if (p.Name.IsKnown && p.Name.Value is { } portName && !service.ContainerPortNames.Contains(portName)) service.ContainerPortNames.Add(portName);
            }
        }
    }

    /// <summary>The governing Service's name: the app's unless overridden.</summary>
    public Val<string?> ServiceName()
    {
        if (!ServiceNameOverride.IsKnown) return ServiceNameOverride;
        return ServiceNameOverride.Value is null ? Name : ServiceNameOverride;
    }

    private PodModel Pod(ItemList<ContainerModel> containers, ItemList<ContainerModel> initContainers)
    {
        var pod = new PodModel
        {
            Anchor = Anchor,
            TerminationGracePeriodSeconds = TerminationGrace,
            ServiceAccountName = ServiceAccount,
            Containers = containers,
            InitContainers = initContainers,
        };
        pod.Volumes.AddRange(Volumes);
        pod.Volumes.IsComplete = Volumes.IsComplete;
        pod.Tolerations.AddRange(Tolerations);
        pod.Tolerations.IsComplete = Tolerations.IsComplete;
        pod.NodeSelector = NodeSelector.ToMap();
        pod.Security = PodSecurity;
        pod.Containers.Anchor = pod.InitContainers.Anchor = pod.Volumes.Anchor = pod.Tolerations.Anchor = Anchor;

        // Pod anti-affinity: the terms of Affinity(...) plus SpreadAcrossNodes' term on the identity labels, in the runtime's
        // order: required terms first, then preferred ones, the spreading term after the terms of its kind.
        pod.AntiAffinity.IsComplete = !AffinityUnknown && NodeSpreadKnown;
        pod.AntiAffinity.Anchor = NodeSpreadAnchor ?? Anchor;
        AffinityTermModel? spread = null;
        if (NodeSpread is { } required)
        {
            spread = new AffinityTermModel
            {
                Anchor = NodeSpreadAnchor,
                Required = required.IsKnown && required.Value,
                Weight = !required.IsKnown ? Val<int?>.Unknown(required.Anchor) : required.Value ? Val<int?>.Of(null) : Val<int?>.Of(DslConventions.PreferredNodeSpreadWeight, NodeSpreadAnchor),
                TopologyKey = Val<string?>.Of(DslConventions.HostnameTopologyKey, NodeSpreadAnchor),
                Selector = Identity.ToMap(),
            };
        }

        // The typed terms (AntiAffinity, PodAffinity) come after the spreading term of their kind.
        if (Affinity is { } terms) pod.AntiAffinity.AddRange(terms.AntiRequired);
        if (spread is { Required: true }) pod.AntiAffinity.Add(spread);
        pod.AntiAffinity.AddRange(TypedAffinity.AntiRequired.ConvertAll(OwnPods));
        if (Affinity is { } preferred) pod.AntiAffinity.AddRange(preferred.AntiPreferred);
        if (spread is { Required: false }) pod.AntiAffinity.Add(spread);
        pod.AntiAffinity.AddRange(TypedAffinity.AntiPreferred.ConvertAll(OwnPods));
        if (Affinity is { } podAffinity) pod.PodAffinity.AddRange(podAffinity.PodAffinity);
        pod.PodAffinity.AddRange(TypedAffinity.PodAffinity.FindAll(t => t.Required).ConvertAll(OwnPods));
        pod.PodAffinity.AddRange(TypedAffinity.PodAffinity.FindAll(t => !t.Required).ConvertAll(OwnPods));

        // The typed node affinity: the NodeAffinity requirements in one required term, then the PreferNodeAffinity terms.
        if (RequiredNode.Count > 0)
        {
            var nodeTerm = new NodeSelectorTermModel { Anchor = RequiredNode.Anchor, Required = true };
            nodeTerm.Expressions.AddRange(RequiredNode);
            pod.NodeAffinity.Add(nodeTerm);
        }

        pod.NodeAffinity.AddRange(PreferredNode);

        pod.PodAffinity.IsComplete = !AffinityUnknown;
        pod.TopologySpread.IsComplete = ZoneSpreadKnown;
        pod.TopologySpread.Anchor = ZoneSpreadAnchor ?? Anchor;
        if (ZoneSpread is { } zoneRequired)
        {
            pod.TopologySpread.Add(new SpreadConstraintModel
            {
                Anchor = ZoneSpreadAnchor,
                MaxSkew = Val<int>.Of(DslConventions.ZoneSpreadMaxSkew, ZoneSpreadAnchor),
                TopologyKey = Val<string?>.Of(DslConventions.ZoneTopologyKey, ZoneSpreadAnchor),
                WhenUnsatisfiable = zoneRequired.IsKnown
                    ? Val<string?>.Of(DslConventions.ZoneWhenUnsatisfiable(zoneRequired.Value), zoneRequired.Anchor)
                    : Val<string?>.Unknown(zoneRequired.Anchor),
                Selector = Identity.ToMap(),
            });
        }

        return pod;
    }

    /// <summary>A typed affinity term as written, or, without requirements, selecting the app's own pods by the identity labels.</summary>
    private AffinityTermModel OwnPods(AffinityTermModel term) => term.Selector is not null ? term : new AffinityTermModel
    {
        Anchor = term.Anchor,
        Required = term.Required,
        Weight = term.Weight,
        TopologyKey = term.TopologyKey,
        Selector = Identity.ToMap(),
    };

    /// <summary>
    /// Service ports from the container ports: de-duplicated by (port, protocol) in container and port order, named after the
    /// container port, or <c>tcp-5432</c> when the Service has several and the container port has no name.
    /// </summary>
    private static System.Func<List<ServicePortModel>> ServicePorts(ItemList<ContainerModel> containers, out bool complete)
    {
        complete = containers.IsComplete;
        var seen = new HashSet<(int, string?)>();
        var ports = new List<PortModel>();
        foreach (var c in containers)
        {
            if (!c.Ports.IsComplete) complete = false;
            foreach (var p in c.Ports)
            {
                if (!p.Number.IsKnown || !p.Protocol.IsKnown)
                {
                    complete = false;
                    continue;
                }

                if (seen.Add((p.Number.Value, p.Protocol.Value))) ports.Add(p);
            }
        }

        var allKnown = complete;
        return () =>
        {
            var list = new List<ServicePortModel>(ports.Count);
            foreach (var p in ports)
            {
                list.Add(new ServicePortModel
                {
                    Anchor = p.Anchor,
                    Name = p.Name.IsKnown && p.Name.Value is null
                        ? (allKnown ? Val<string?>.Of(DslConventions.ServicePortName(null, p.Protocol.Value ?? "TCP", p.Number.Value, ports.Count), p.Anchor) : Val<string?>.Unknown(p.Anchor))
                        : p.Name,
                    Port = p.Number,
                    Protocol = p.Protocol,
                    TargetPort = p.Name,
                });
            }

            return list;
        };
    }
}

/// <summary>The rule model of the objects one app writes: its StatefulSet, its Services and its budget.</summary>
public sealed class AppObjects
{
    /// <summary>The StatefulSet.</summary>
    public AppModel App { get; set; } = new();

    /// <summary>The Services the app writes; incomplete when it may write Services the front end cannot see.</summary>
    public ItemList<ServiceModel> Services { get; } = new();

    /// <summary>The budget; incomplete when the app may write a budget the front end cannot see.</summary>
    public ItemList<BudgetModel> Budgets { get; } = new();
}
