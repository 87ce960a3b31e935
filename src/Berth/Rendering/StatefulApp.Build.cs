using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules;
using k8s.Models;

namespace Berth;

public sealed partial record StatefulApp
{
    /// <summary>
    /// Builds the Kubernetes objects without validating them. Use <see cref="Validate"/> to check them, or
    /// <see cref="ToYaml"/>, which refuses invalid definitions.
    /// </summary>
    public AppManifests Build()
    {
        var log = new BuildLog();
        var identity = new Dictionary<string, string>(IdentityLabelValues, StringComparer.Ordinal);
        var selector = SelectorOverride is null ? identity : new Dictionary<string, string>(SelectorOverride, StringComparer.Ordinal);
        var podLabels = Merge(identity, ExtraLabels);

        var statefulSet = new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Meta(Name, ExtraLabels.Count == 0 ? null : new Dictionary<string, string>(ExtraLabels, StringComparer.Ordinal), AnnotationValues.Count == 0 ? null : new Dictionary<string, string>(AnnotationValues, StringComparer.Ordinal)),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = ServiceName,
                Replicas = ReplicaCount,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(selector, StringComparer.Ordinal) },
                PodManagementPolicy = PodManagementValue?.Text(),
                UpdateStrategy = UpdateStrategy(),
                RevisionHistoryLimit = RevisionHistoryValue,
                MinReadySeconds = MinReadyValue,
                PersistentVolumeClaimRetentionPolicy = RetentionValue is { } retention
                    ? new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = retention.WhenDeleted.Text(), WhenScaled = retention.WhenScaled.Text() }
                    : null,
                Ordinals = StartOrdinalValue is { } start ? new V1StatefulSetOrdinals { Start = start } : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = podLabels,
                        Annotations = PodAnnotationValues.Count == 0 ? null : new Dictionary<string, string>(PodAnnotationValues, StringComparer.Ordinal),
                    },
                    Spec = PodSpec(log, identity),
                },
                VolumeClaimTemplates = Claims.IsEmpty ? null : Claims.Select(c => c.ToModel(log)).ToList(),
            },
        };

        var manifests = new AppManifests(statefulSet, log);
        if (EmitNamespace && Namespace is not null)
            manifests.Namespace = new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = Namespace } };

        foreach (var (name, data) in ConfigMaps)
        {
            manifests.ConfigMaps.Add(new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = Meta(name, Merge(identity, ExtraLabels), null),
                Data = new Dictionary<string, string>(data, StringComparer.Ordinal),
            });
        }

        var servicePorts = ServicePorts();
        if (!BringOwnService)
        {
            manifests.GoverningService = new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Meta(ServiceName, Merge(identity, ExtraLabels), null),
                Spec = new V1ServiceSpec
                {
                    ClusterIP = DslConventions.HeadlessClusterIP,
                    Selector = new Dictionary<string, string>(identity, StringComparer.Ordinal),
                    Ports = servicePorts(),
                    PublishNotReadyAddresses = PublishNotReady ? true : null,
                },
            };
        }

        if (ClientServiceValue is { } client)
        {
            manifests.ClientService = new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Meta(client.Name, Merge(identity, ExtraLabels), null),
                Spec = new V1ServiceSpec
                {
                    Type = DslConventions.ServiceTypeText(client.Type.Text()),
                    Selector = new Dictionary<string, string>(identity, StringComparer.Ordinal),
                    Ports = servicePorts(),
                },
            };
        }

        if (Budget is { } budget)
        {
            var minAvailable = budget.Quorum ? DslConventions.QuorumMinAvailable(ReplicaCount) : budget.MinAvailable;
            manifests.DisruptionBudget = new V1PodDisruptionBudget
            {
                ApiVersion = "policy/v1",
                Kind = "PodDisruptionBudget",
                Metadata = Meta(Name, Merge(identity, ExtraLabels), null),
                Spec = new V1PodDisruptionBudgetSpec
                {
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(identity, StringComparer.Ordinal) },
                    MaxUnavailable = budget.MaxUnavailable?.ToIntOrString(),
                    MinAvailable = minAvailable?.ToIntOrString(),
                },
            };
        }

        manifests.ReferencedSecrets.AddRange(Containers.Concat(InitContainers).SelectMany(c => c.ReferencedSecrets())
            .Concat(Volumes.SelectMany(v => v.Source.ReferencedSecrets()))
            .Concat(PullSecrets)
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

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> second)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in first) merged[key] = value;
        foreach (var (key, value) in second) merged[key] = value;
        return merged;
    }

    private V1StatefulSetUpdateStrategy? UpdateStrategy()
    {
        if (OnDeleteStrategy) return new V1StatefulSetUpdateStrategy { Type = DslConventions.OnDeleteStrategy };
        if (PartitionValue is null && MaxUnavailableValue is null) return null;
        return new V1StatefulSetUpdateStrategy
        {
            Type = DslConventions.RollingUpdateStrategy,
            RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = PartitionValue, MaxUnavailable = MaxUnavailableValue?.ToIntOrString() },
        };
    }

    private V1PodSpec PodSpec(BuildLog log, Dictionary<string, string> identity)
    {
        var spec = new V1PodSpec
        {
            Containers = Containers.Select(c => c.ToModel(log, "containers[" + c.Name + "]")).ToList(),
            InitContainers = InitContainers.IsEmpty ? null : InitContainers.Select(c => c.ToModel(log, "initContainers[" + c.Name + "]")).ToList(),
            Volumes = Volumes.IsEmpty ? null : Volumes.Select(v => v.Source.ToModel(v.Name, log)).ToList(),
            ServiceAccountName = ServiceAccountValue,
            TerminationGracePeriodSeconds = TerminationGraceValue,
            NodeSelector = NodeSelectorValues.Count == 0 ? null : new Dictionary<string, string>(NodeSelectorValues, StringComparer.Ordinal),
            Tolerations = TolerationValues.IsEmpty ? null : TolerationValues.Select(t => t()).ToList(),
            Affinity = AffinityValue?.Invoke(),
            PriorityClassName = PriorityClassValue,
            SecurityContext = PodSecurityValue?.Invoke(),
            ImagePullSecrets = PullSecrets.IsEmpty ? null : PullSecrets.Select(s => new V1LocalObjectReference { Name = s }).ToList(),
        };

        if (NodeSpread != SpreadMode.None)
        {
            spec.Affinity ??= new V1Affinity();
            spec.Affinity.PodAntiAffinity ??= new V1PodAntiAffinity();
            var term = new V1PodAffinityTerm
            {
                TopologyKey = DslConventions.HostnameTopologyKey,
                LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(identity, StringComparer.Ordinal) },
            };
            if (NodeSpread == SpreadMode.Required)
                (spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new List<V1PodAffinityTerm>()).Add(term);
            else
                (spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= new List<V1WeightedPodAffinityTerm>()).Add(new V1WeightedPodAffinityTerm { Weight = DslConventions.PreferredNodeSpreadWeight, PodAffinityTerm = term });
        }

        if (ZoneSpread != SpreadMode.None)
        {
            spec.TopologySpreadConstraints = new List<V1TopologySpreadConstraint>
            {
                new()
                {
                    MaxSkew = DslConventions.ZoneSpreadMaxSkew,
                    TopologyKey = DslConventions.ZoneTopologyKey,
                    WhenUnsatisfiable = DslConventions.ZoneWhenUnsatisfiable(ZoneSpread == SpreadMode.Required),
                    LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(identity, StringComparer.Ordinal) },
                },
            };
        }

        return spec;
    }

    /// <summary>Service ports from the container ports: de-duplicated by (port, protocol), named when there are several.</summary>
    private Func<List<V1ServicePort>?> ServicePorts()
    {
        // The first port of each (number, protocol), in container and port order.
        var ports = new List<PortSpec>();
        var seen = new HashSet<(int, Protocol)>();
        foreach (var container in Containers)
        {
            foreach (var port in container.Ports)
            {
                if (seen.Add((port.Number, port.Protocol)))
                    ports.Add(port);
            }
        }
        return () =>
        {
            if (ports.Count == 0) return null;
            return ports.Select(p => new V1ServicePort
            {
                Name = DslConventions.ServicePortName(p.Name, p.Protocol.Text(), p.Number, ports.Count),
                Port = p.Number,
                Protocol = p.Protocol.Text(),
                TargetPort = p.Name is null ? (IntOrString?)null : p.Name,
            }).ToList();
        };
    }
}
