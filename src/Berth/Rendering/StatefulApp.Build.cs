using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Berth.Rules;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using k8s.Models;

namespace Berth;

public sealed partial record StatefulApp
{
    /// <summary>
    /// Builds the Kubernetes objects without validating them. Use <see cref="Validate"/> to check them, or
    /// <see cref="ToYaml"/>, which refuses invalid definitions.
    /// </summary>
    public AppManifests Build() => Build(null);

    /// <summary>
    /// Builds the objects for a target Kubernetes version (null for none): the PodDisruptionBudget is written with the API
    /// version that version serves (<see cref="KubernetesVersions.DisruptionBudgetApiVersion"/>); without a target, policy/v1.
    /// </summary>
    internal AppManifests Build(Version? target)
    {
        // The objects are rendered from the model the DSL's steps derive (the one the analyzers check); the volume sources
        // and the objects handed over as code from the runtime's own values.
        var log = new BuildLog();
        var derived = Spec.Derive(ContainerModels(Containers, init: false), ContainerModels(InitContainers, init: true));
        var app = derived.App;

        var statefulSet = new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Meta(Name, Dict(app.Labels), Dict(app.Annotations)),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = app.ServiceName.Value,
                Replicas = app.Replicas.Value,
                Selector = new V1LabelSelector { MatchLabels = All(app.Selector) },
                PodManagementPolicy = app.PodManagementPolicy.Value,
                UpdateStrategy = UpdateStrategy(app),
                RevisionHistoryLimit = app.RevisionHistoryLimit.Value,
                MinReadySeconds = app.MinReadySeconds.Value,
                PersistentVolumeClaimRetentionPolicy = app.HasRetentionPolicy
                    ? new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = app.RetentionWhenDeleted.Value, WhenScaled = app.RetentionWhenScaled.Value }
                    : null,
                Ordinals = app.OrdinalsStart.Value is { } start ? new V1StatefulSetOrdinals { Start = start } : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = All(app.TemplateLabels),
                        Annotations = Dict(app.Pod.Annotations),
                    },
                    Spec = PodSpec(log, app.Pod),
                },
                VolumeClaimTemplates = app.ClaimTemplates.Count == 0 ? null : app.ClaimTemplates.Select(c => Claim(c, log)).ToList(),
            },
        };

        var manifests = new AppManifests(statefulSet, log);
        if (Spec.CreateNamespace.Value && Namespace is not null)
            manifests.Namespace = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = Namespace } };

        foreach (var configMap in Spec.ConfigMaps)
        {
            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in configMap.Data!) data[key] = value;
            manifests.ConfigMaps.Add(new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = Meta(configMap.Name.Value!, All(LabelSet.Merge(Spec.Identity, Spec.Extra)), null),
                Data = data,
            });
        }

        foreach (var service in derived.Services)
        {
            var rendered = new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Meta(service.Name.Value!, All(service.Labels), Dict(Spec.AnnotationsOf(service.IsGeneratedGoverning ? DslConventions.GoverningServicePart : DslConventions.ClientServicePart).ToMap())),
                Spec = new V1ServiceSpec
                {
                    Type = service.Type.Value,
                    ClusterIP = service.ClusterIP.Value,
                    Selector = All(service.Selector),
                    Ports = service.Ports.Count == 0 ? null : service.Ports.Select(p => new V1ServicePort
                    {
                        Name = p.Name.Value,
                        Port = p.Port.Value,
                        Protocol = p.Protocol.Value,
                        TargetPort = p.TargetPort.Value is { } target ? target : (IntOrString?)null,
                    }).ToList(),
                    PublishNotReadyAddresses = service.PublishNotReadyAddresses.Value ? true : null,
                },
            };
            if (service.IsGeneratedGoverning) manifests.GoverningService = rendered;
            else manifests.ClientService = rendered;
            manifests.DerivedServices.Add(service);
        }

        foreach (var budget in derived.Budgets)
        {
            manifests.DisruptionBudget = new V1PodDisruptionBudget
            {
                ApiVersion = target is null ? "policy/v1" : KubernetesVersions.DisruptionBudgetApiVersion(target),
                Kind = "PodDisruptionBudget",
                Metadata = Meta(budget.Name.Value!, All(budget.Labels), Dict(Spec.AnnotationsOf(DslConventions.DisruptionBudgetPart).ToMap())),
                Spec = new V1PodDisruptionBudgetSpec
                {
                    Selector = new V1LabelSelector { MatchLabels = All(budget.Selector) },
                    MaxUnavailable = IntOrPercentOf(budget.MaxUnavailable.Value),
                    MinAvailable = IntOrPercentOf(budget.MinAvailable.Value),
                },
            };
        }

        manifests.ReferencedSecrets.AddRange(Containers.Concat(InitContainers).SelectMany(c => c.ReferencedSecrets())
            .Concat(Volumes.SelectMany(v => v.Source.ReferencedSecrets()))
            .Concat(Spec.PullSecrets.Select(s => s.Value).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s, StringComparer.Ordinal));

        foreach (var edit in Customizations)
            edit(manifests);
        return manifests;
    }

    private V1ObjectMeta Meta(string name, IDictionary<string, string>? labels, IDictionary<string, string>? annotations) => new()
    {
        Name = name,
        NamespaceProperty = Namespace,
        Labels = labels,
        Annotations = annotations,
    };

    /// <summary>A label map of the model (every value known at run time) as a dictionary in its order; null when empty.</summary>
    private static Dictionary<string, string>? Dict(LabelMap? map)
    {
        if (map is null || map.Entries.Count == 0) return null;
        var dict = new Dictionary<string, string>(map.Entries.Count, StringComparer.Ordinal);
        foreach (var e in map.Entries) dict[e.Key.Value] = e.Value.Value;
        return dict;
    }

    /// <summary>A label map of the model as a dictionary in its order, empty when it has no entries.</summary>
    private static Dictionary<string, string> All(LabelMap? map) => Dict(map) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A count ("2") as a number, a percentage ("50%") as text.</summary>
    private static IntOrString? IntOrPercentOf(string? text) =>
        text is null ? null : text.EndsWith("%", StringComparison.Ordinal) ? text : int.Parse(text, CultureInfo.InvariantCulture);

    private static V1StatefulSetUpdateStrategy? UpdateStrategy(AppModel app)
    {
        if (app.UpdateStrategyType.Value is not { } type) return null;
        if (!app.HasRollingUpdate) return new V1StatefulSetUpdateStrategy { Type = type };
        return new V1StatefulSetUpdateStrategy
        {
            Type = type,
            RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = app.Partition.Value, MaxUnavailable = IntOrPercentOf(app.MaxUnavailable.Value) },
        };
    }

    private static V1PersistentVolumeClaim Claim(ClaimTemplateModel claim, BuildLog log)
    {
        var name = claim.Name.Value;
        var storage = log.Quantity(claim.Storage.Value!, "claims[" + name + "].storage");
        return new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = Dict(claim.Labels) },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = claim.AccessModes.Select(m => m.Value!).ToList(),
                StorageClassName = claim.StorageClass.Value,
                VolumeMode = claim.VolumeMode.Value,
                Resources = new V1VolumeResourceRequirements
                {
                    Requests = storage is null ? new Dictionary<string, ResourceQuantity>() : new Dictionary<string, ResourceQuantity> { ["storage"] = storage },
                },
            },
        };
    }

    private V1PodSpec PodSpec(BuildLog log, PodModel pod)
    {
        var spec = new V1PodSpec
        {
            Containers = Containers.Select(c => c.ToModel(log, "containers[" + c.Name + "]")).ToList(),
            InitContainers = InitContainers.IsEmpty ? null : InitContainers.Select(c => c.ToModel(log, "initContainers[" + c.Name + "]")).ToList(),
            Volumes = Volumes.IsEmpty ? null : Volumes.Select(v => v.Source.ToModel(v.Name, log)).ToList(),
            ServiceAccountName = pod.ServiceAccountName.Value,
            TerminationGracePeriodSeconds = pod.TerminationGracePeriodSeconds.Value,
            NodeSelector = Dict(Spec.NodeSelector.ToMap()),
            Tolerations = pod.Tolerations.Count == 0 ? null : pod.Tolerations.Select(t => new V1Toleration
            {
                Key = t.Key.Value,
                OperatorProperty = t.Operator.Value,
                Value = t.Value.Value,
                Effect = t.Effect.Value,
                TolerationSeconds = t.TolerationSeconds.Value,
            }).ToList(),
            Affinity = AffinityValue?.Invoke(),
            PriorityClassName = Spec.PriorityClass.Value,
            SecurityContext = PodSecurityContext(),
            ImagePullSecrets = Spec.PullSecrets.Count == 0 ? null : Spec.PullSecrets.Select(s => new V1LocalObjectReference { Name = s.Value }).ToList(),
        };

        // The terms the runtime's model holds (the spreading term of SpreadAcrossNodes, the typed AntiAffinity and PodAffinity
        // terms), added to the lists of the Affinity(...) factory.
        foreach (var term in pod.AntiAffinity)
        {
            spec.Affinity ??= new V1Affinity();
            spec.Affinity.PodAntiAffinity ??= new V1PodAntiAffinity();
            if (term.Required)
                (spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new List<V1PodAffinityTerm>()).Add(Term(term));
            else
                (spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= new List<V1WeightedPodAffinityTerm>()).Add(new V1WeightedPodAffinityTerm { Weight = term.Weight.Value!.Value, PodAffinityTerm = Term(term) });
        }

        foreach (var term in pod.PodAffinity)
        {
            spec.Affinity ??= new V1Affinity();
            spec.Affinity.PodAffinity ??= new V1PodAffinity();
            if (term.Required)
                (spec.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new List<V1PodAffinityTerm>()).Add(Term(term));
            else
                (spec.Affinity.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= new List<V1WeightedPodAffinityTerm>()).Add(new V1WeightedPodAffinityTerm { Weight = term.Weight.Value!.Value, PodAffinityTerm = Term(term) });
        }

        // The typed node affinity: the NodeAffinity requirements added to each required term of the Affinity(...) factory (all
        // must hold), or as the one required term; the PreferNodeAffinity terms after the factory's preferred ones.
        foreach (var term in pod.NodeAffinity)
        {
            spec.Affinity ??= new V1Affinity();
            spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
            var rendered = new V1NodeSelectorTerm
            {
                MatchExpressions = term.Expressions.Select(e => new V1NodeSelectorRequirement
                {
                    Key = e.Key.Value,
                    OperatorProperty = e.Operator.Value,
                    Values = e.Values.Count == 0 ? null : e.Values.Select(v => v.Value).ToList(),
                }).ToList(),
            };
            if (!term.Required)
                (spec.Affinity.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= new List<V1PreferredSchedulingTerm>())
                    .Add(new V1PreferredSchedulingTerm { Weight = term.Weight.Value!.Value, Preference = rendered });
            else if (spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution is { NodeSelectorTerms.Count: > 0 } factory)
                foreach (var existing in factory.NodeSelectorTerms)
                    existing.MatchExpressions = (existing.MatchExpressions ?? new List<V1NodeSelectorRequirement>()).Concat(rendered.MatchExpressions).ToList();
            else
                spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = new List<V1NodeSelectorTerm> { rendered } };
        }

        if (pod.TopologySpread.Count > 0)
        {
            spec.TopologySpreadConstraints = pod.TopologySpread.Select(c => new V1TopologySpreadConstraint
            {
                MaxSkew = c.MaxSkew.Value,
                TopologyKey = c.TopologyKey.Value,
                WhenUnsatisfiable = c.WhenUnsatisfiable.Value,
                LabelSelector = new V1LabelSelector { MatchLabels = All(c.Selector) },
            }).ToList();
        }

        return spec;
    }

    /// <summary>A pod (anti-)affinity term of the model: its topology key and its selector, matchLabels and matchExpressions.</summary>
    private static V1PodAffinityTerm Term(AffinityTermModel term)
    {
        var selector = new V1LabelSelector();
        if (term.Selector is { } map)
        {
            if (map.Entries.Count > 0 || map.Expressions.Count == 0) selector.MatchLabels = All(map);
            if (map.Expressions.Count > 0)
                selector.MatchExpressions = map.Expressions.Select(e => new V1LabelSelectorRequirement
                {
                    Key = e.Key.Value,
                    OperatorProperty = e.Operator.Value,
                    Values = e.Values.Count == 0 ? null : e.Values.Select(v => v.Value).ToList(),
                }).ToList();
        }

        return new V1PodAffinityTerm { TopologyKey = term.TopologyKey.Value, LabelSelector = selector };
    }

    /// <summary>The pod security context: the object of <see cref="PodSecurity"/>, if any, with the typed settings applied on top.</summary>
    private V1PodSecurityContext? PodSecurityContext()
    {
        var context = PodSecurityValue?.Invoke();
        if (Spec.PodSecurity is null && Spec.RunAsNonRoot.Value is null) return context;
        context ??= new V1PodSecurityContext();
        if (Spec.RunAsNonRoot.Value is { } nonRoot) context.RunAsNonRoot = nonRoot;
        if (Spec.PodSecurity is not { } m) return context;
        if (m.RunAsUser.Value is { } user) context.RunAsUser = user;
        if (m.RunAsGroup.Value is { } group) context.RunAsGroup = group;
        if (m.FsGroup.Value is { } fsGroup) context.FsGroup = fsGroup;
        if (m.FsGroupChangePolicy.Value is { } policy) context.FsGroupChangePolicy = policy;
        if (m.SupplementalGroups.Count > 0) context.SupplementalGroups = m.SupplementalGroups.Select(g => g.Value).ToList();
        if (m.HasSeccompProfile) context.SeccompProfile = new V1SeccompProfile { Type = m.SeccompType.Value, LocalhostProfile = m.SeccompLocalhostProfile.Value };
        return context;
    }

    /// <summary>The containers' models, as the steps of <c>ContainerSteps</c> built them.</summary>
    private static ItemList<ContainerModel> ContainerModels(ImmutableList<ContainerSpec> containers, bool init)
    {
        var list = new ItemList<ContainerModel>();
        foreach (var container in containers) list.Add(ContainerSteps.InList(container.Model, init));
        return list;
    }
}
