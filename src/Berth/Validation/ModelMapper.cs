using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Berth.Rules.Model;
using k8s.Models;

namespace Berth;

/// <summary>Maps built Kubernetes objects onto the neutral model of the rule catalog. Every value is known.</summary>
internal static class ModelMapper
{
    /// <summary>Adds the objects of one app, their values anchored where the definition's steps (<paramref name="definition"/>) set them.</summary>
    public static void Add(ManifestSetModel set, AppManifests manifests, StatefulApp definition)
    {
        var sts = manifests.StatefulSet;
        var spec = sts.Spec ?? new V1StatefulSetSpec();
        var app = new AppModel
        {
            Name = sts.Metadata?.Name,
            Namespace = sts.Metadata?.NamespaceProperty,
            Labels = Labels(sts.Metadata?.Labels),
            Selector = spec.Selector is null ? null : Selector(spec.Selector),
            SelectorOverridden = definition.Spec.SelectorOverride is not null,
            TemplateLabels = Labels(spec.Template?.Metadata?.Labels),
            Replicas = spec.Replicas,
            ServiceName = spec.ServiceName,
            PodManagementPolicy = spec.PodManagementPolicy,
            UpdateStrategyType = spec.UpdateStrategy?.Type,
            HasRollingUpdate = spec.UpdateStrategy?.RollingUpdate is not null,
            Partition = spec.UpdateStrategy?.RollingUpdate?.Partition,
            MaxUnavailable = spec.UpdateStrategy?.RollingUpdate?.MaxUnavailable?.Value,
            RevisionHistoryLimit = spec.RevisionHistoryLimit,
            MinReadySeconds = spec.MinReadySeconds,
            OrdinalsStart = spec.Ordinals?.Start,
            HasRetentionPolicy = spec.PersistentVolumeClaimRetentionPolicy is not null,
            RetentionWhenDeleted = spec.PersistentVolumeClaimRetentionPolicy?.WhenDeleted,
            RetentionWhenScaled = spec.PersistentVolumeClaimRetentionPolicy?.WhenScaled,
            Pod = Pod(spec.Template?.Spec, manifests.Log),
        };

        // Annotations (BERTH079), filled apart from the initializer above.
        app.Annotations = Labels(sts.Metadata?.Annotations);
        app.Pod.Annotations = Labels(spec.Template?.Metadata?.Annotations);

        foreach (var claim in spec.VolumeClaimTemplates ?? new List<V1PersistentVolumeClaim>())
        {
            var name = claim.Metadata?.Name;
            var model = new ClaimTemplateModel
            {
                Name = name,
                Storage = Quantity(claim.Spec?.Resources?.Requests, "storage", manifests.Log, "claims[" + name + "].storage"),
                StorageClass = claim.Spec?.StorageClassName,
                VolumeMode = claim.Spec?.VolumeMode,
                Labels = Labels(claim.Metadata?.Labels),
            };
            foreach (var mode in claim.Spec?.AccessModes ?? new List<string>())
                model.AccessModes.Add(mode);
            app.ClaimTemplates.Add(model);
        }

        set.Apps.Add(app);
        var governing = manifests.GoverningService is null ? null : Asked(Service(manifests.GoverningService, generated: true), manifests, generated: true);
        var client = manifests.ClientService is null ? null : Asked(Service(manifests.ClientService, generated: false), manifests, generated: false);
        if (governing is not null) set.Services.Add(governing);
        if (client is not null) set.Services.Add(client);
        BudgetModel? budget = null;
        if (manifests.DisruptionBudget is { } pdb) set.Budgets.Add(budget = Budget(pdb));

        // Services and budgets carried with the app (With): checked like the app's own, and found by the cross-object rules.
        foreach (var extra in manifests.Extras)
        {
            if (extra is V1Service service) set.Services.Add(Service(service, generated: false));
            else if (extra is V1PodDisruptionBudget carried) set.Budgets.Add(Budget(carried));
        }

        ModelAnchors.Stamp(definition.Spec, app, governing, client, budget);
        ModelAnchors.StampContainers(definition, app.Pod);
    }

    private static BudgetModel Budget(V1PodDisruptionBudget pdb) => new()
    {
        Name = pdb.Metadata?.Name,
        Namespace = pdb.Metadata?.NamespaceProperty,
        Selector = pdb.Spec?.Selector is null ? null : Selector(pdb.Spec.Selector),
        MaxUnavailable = pdb.Spec?.MaxUnavailable?.Value,
        MinAvailable = pdb.Spec?.MinAvailable?.Value,
        UnhealthyPodEvictionPolicy = pdb.Spec?.UnhealthyPodEvictionPolicy,
    };

    private static PodModel Pod(V1PodSpec? spec, BuildLog log)
    {
        var pod = new PodModel();
        if (spec is null) return pod;
        pod.RestartPolicy = spec.RestartPolicy;
        pod.ActiveDeadlineSeconds = spec.ActiveDeadlineSeconds;
        pod.TerminationGracePeriodSeconds = spec.TerminationGracePeriodSeconds;
        pod.ServiceAccountName = spec.ServiceAccountName;
        pod.HostNetwork = spec.HostNetwork ?? false;
        foreach (var c in spec.Containers ?? new List<V1Container>()) pod.Containers.Add(Container(c, false, log, "containers"));
        foreach (var c in spec.InitContainers ?? new List<V1Container>()) pod.InitContainers.Add(Container(c, true, log, "initContainers"));
        foreach (var v in spec.Volumes ?? new List<V1Volume>())
        {
            var sources = new object?[] { v.ConfigMap, v.Secret, v.EmptyDir, v.Projected, v.PersistentVolumeClaim, v.HostPath, v.DownwardAPI, v.Ephemeral, v.Nfs, v.Csi }.Count(s => s is not null);
            var volume = new VolumeModel { Name = v.Name, SourceCount = sources, SizeLimit = v.EmptyDir?.SizeLimit is { } limit ? Quantities.Text(limit) : null };
            foreach (var mode in FileModes(v)) volume.FileModes.Add(mode);
            pod.Volumes.Add(volume);
        }

        var anti = spec.Affinity?.PodAntiAffinity;
        foreach (var term in anti?.RequiredDuringSchedulingIgnoredDuringExecution ?? new List<V1PodAffinityTerm>())
            pod.AntiAffinity.Add(Term(new AffinityTermModel { Required = true, TopologyKey = term.TopologyKey, Selector = term.LabelSelector is null ? null : Selector(term.LabelSelector) }, term));
        foreach (var weighted in anti?.PreferredDuringSchedulingIgnoredDuringExecution ?? new List<V1WeightedPodAffinityTerm>())
        {
            var term = weighted.PodAffinityTerm;
            pod.AntiAffinity.Add(Term(new AffinityTermModel { Required = false, Weight = weighted.Weight, TopologyKey = term?.TopologyKey, Selector = term?.LabelSelector is null ? null : Selector(term.LabelSelector) }, term));
        }

        // Pod affinity terms: checked like the anti-affinity terms (BERTH034, BERTH078), filled apart from them.
        var affinity = spec.Affinity?.PodAffinity;
        foreach (var term in affinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? new List<V1PodAffinityTerm>())
            pod.PodAffinity.Add(Term(new AffinityTermModel { Required = true, TopologyKey = term.TopologyKey, Selector = term.LabelSelector is null ? null : Selector(term.LabelSelector) }, term));
        foreach (var weighted in affinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? new List<V1WeightedPodAffinityTerm>())
        {
            var term = weighted.PodAffinityTerm;
            pod.PodAffinity.Add(Term(new AffinityTermModel { Required = false, Weight = weighted.Weight, TopologyKey = term?.TopologyKey, Selector = term?.LabelSelector is null ? null : Selector(term.LabelSelector) }, term));
        }

        foreach (var c in spec.TopologySpreadConstraints ?? new List<V1TopologySpreadConstraint>())
            pod.TopologySpread.Add(new SpreadConstraintModel { MaxSkew = c.MaxSkew, TopologyKey = c.TopologyKey, WhenUnsatisfiable = c.WhenUnsatisfiable, Selector = c.LabelSelector is null ? null : Selector(c.LabelSelector) });
        foreach (var t in spec.Tolerations ?? new List<V1Toleration>())
            pod.Tolerations.Add(new TolerationModel { Key = t.Key, Operator = t.OperatorProperty, Value = t.Value, Effect = t.Effect, TolerationSeconds = t.TolerationSeconds });
        pod.NodeSelector = Labels(spec.NodeSelector);
        var node = spec.Affinity?.NodeAffinity;
        if (node?.RequiredDuringSchedulingIgnoredDuringExecution is { } requiredNodes)
        {
            pod.RequiredNodeSelectorEmpty = (requiredNodes.NodeSelectorTerms?.Count ?? 0) == 0;
            foreach (var term in requiredNodes.NodeSelectorTerms ?? new List<V1NodeSelectorTerm>())
                pod.NodeAffinity.Add(NodeTerm(term, required: true, weight: null));
        }

        foreach (var preferred in node?.PreferredDuringSchedulingIgnoredDuringExecution ?? new List<V1PreferredSchedulingTerm>())
            pod.NodeAffinity.Add(NodeTerm(preferred.Preference, required: false, weight: preferred.Weight));
        pod.Security = Security(spec.SecurityContext);
        return pod;
    }

    /// <summary>The file modes a volume sets: each source's defaultMode and its items' modes (BERTH025).</summary>
    private static IEnumerable<int?> FileModes(V1Volume v)
    {
        var modes = new List<int?> { v.ConfigMap?.DefaultMode, v.Secret?.DefaultMode, v.Projected?.DefaultMode, v.DownwardAPI?.DefaultMode };
        modes.AddRange((v.ConfigMap?.Items ?? new List<V1KeyToPath>()).Concat(v.Secret?.Items ?? new List<V1KeyToPath>()).Select(i => i.Mode));
        foreach (var p in v.Projected?.Sources ?? new List<V1VolumeProjection>())
            modes.AddRange((p.ConfigMap?.Items ?? new List<V1KeyToPath>()).Concat(p.Secret?.Items ?? new List<V1KeyToPath>()).Select(i => i.Mode));
        return modes.Where(m => m is not null);
    }

    /// <summary>The term's namespaces added to <paramref name="model"/>.</summary>
    private static AffinityTermModel Term(AffinityTermModel model, V1PodAffinityTerm? term)
    {
        foreach (var ns in term?.Namespaces ?? new List<string>()) model.Namespaces.Add(ns);
        return model;
    }

    private static NodeSelectorTermModel NodeTerm(V1NodeSelectorTerm? term, bool required, int? weight)
    {
        var model = new NodeSelectorTermModel { Required = required, Weight = weight };
        foreach (var r in term?.MatchExpressions ?? new List<V1NodeSelectorRequirement>()) model.Expressions.Add(NodeRequirement(r));
        foreach (var r in term?.MatchFields ?? new List<V1NodeSelectorRequirement>()) model.Fields.Add(NodeRequirement(r));
        return model;
    }

    private static NodeRequirementModel NodeRequirement(V1NodeSelectorRequirement r)
    {
        var model = new NodeRequirementModel { Key = r.Key, Operator = r.OperatorProperty };
        foreach (var v in r.Values ?? new List<string>()) model.Values.Add(v);
        return model;
    }

    private static SecurityContextModel? Security(V1PodSecurityContext? context)
    {
        if (context is null) return null;
        var model = new SecurityContextModel
        {
            RunAsUser = context.RunAsUser,
            RunAsGroup = context.RunAsGroup,
            FsGroup = context.FsGroup,
            FsGroupChangePolicy = context.FsGroupChangePolicy,
        };
        foreach (var g in context.SupplementalGroups ?? new List<long?>()) model.SupplementalGroups.Add(g);
        foreach (var sysctl in context.Sysctls ?? new List<V1Sysctl>()) model.Sysctls.Add(sysctl.Name);
        Seccomp(model, context.SeccompProfile);
        return model;
    }

    /// <summary>A container's security context as the model (also what <c>ContainerSpec.SecurityContext</c> starts from).</summary>
    internal static SecurityContextModel? Security(V1SecurityContext? context)
    {
        if (context is null) return null;
        var model = new SecurityContextModel
        {
            RunAsUser = context.RunAsUser,
            RunAsGroup = context.RunAsGroup,
            RunAsNonRoot = context.RunAsNonRoot,
            ReadOnlyRootFilesystem = context.ReadOnlyRootFilesystem,
            Privileged = context.Privileged,
            AllowPrivilegeEscalation = context.AllowPrivilegeEscalation,
        };
        foreach (var capability in context.Capabilities?.Add ?? new List<string>()) model.AddedCapabilities.Add(capability);
        foreach (var capability in context.Capabilities?.Drop ?? new List<string>()) model.DroppedCapabilities.Add(capability);
        Seccomp(model, context.SeccompProfile);
        return model;
    }

    private static void Seccomp(SecurityContextModel model, V1SeccompProfile? profile)
    {
        if (profile is null) return;
        model.HasSeccompProfile = true;
        model.SeccompType = profile.Type;
        model.SeccompLocalhostProfile = profile.LocalhostProfile;
    }

    private static ContainerModel Container(V1Container c, bool init, BuildLog log, string listName)
    {
        var path = listName + "[" + c.Name + "]";
        var model = new ContainerModel
        {
            IsInit = init,
            Name = c.Name,
            Image = c.Image,
            ImagePullPolicy = c.ImagePullPolicy,
            RestartPolicy = c.RestartPolicy,
            HasLifecycle = c.Lifecycle is not null,
            Security = Security(c.SecurityContext),
        };
        foreach (var p in c.Ports ?? new List<V1ContainerPort>())
            model.Ports.Add(new PortModel { Name = p.Name, Number = p.ContainerPort, Protocol = p.Protocol, HostPort = p.HostPort });
        foreach (var e in c.Env ?? new List<V1EnvVar>())
        {
            var from = e.ValueFrom;
            model.Env.Add(new EnvModel
            {
                Name = e.Name,
                Value = e.Value,
                ValueFromSources = from is null ? 0 : new object?[] { from.FieldRef, from.ResourceFieldRef, from.ConfigMapKeyRef, from.SecretKeyRef }.Count(s => s is not null),
                Key = from?.ConfigMapKeyRef?.Key ?? from?.SecretKeyRef?.Key,
                SourceName = from?.ConfigMapKeyRef?.Name ?? from?.SecretKeyRef?.Name,
            });
        }

        foreach (var e in c.EnvFrom ?? new List<V1EnvFromSource>())
            model.EnvFrom.Add(new EnvFromModel { Sources = (e.ConfigMapRef is null ? 0 : 1) + (e.SecretRef is null ? 0 : 1), Prefix = e.Prefix });
        foreach (var m in c.VolumeMounts ?? new List<V1VolumeMount>())
            model.Mounts.Add(new MountModel { Name = m.Name, Path = m.MountPath, SubPath = m.SubPath, SubPathExpr = m.SubPathExpr });
        Resources(model.Requests, c.Resources?.Requests, log, path + ".requests");
        Resources(model.Limits, c.Resources?.Limits, log, path + ".limits");
        AddProbe(model, c.ReadinessProbe, ProbeKind.Readiness);
        AddProbe(model, c.LivenessProbe, ProbeKind.Liveness);
        AddProbe(model, c.StartupProbe, ProbeKind.Startup);
        return model;
    }

    private static void Resources(ItemList<ResourceModel> target, IDictionary<string, ResourceQuantity>? values, BuildLog log, string path)
    {
        // The resource names in ordinal order, each once (a list sorted in place: a SortedSet built from a sequence
        // costs more than the rest of the mapping, three names at a time).
        var names = values is null ? new List<string>() : new List<string>(values.Keys);
        if (log.InvalidQuantities.Count > 0)
        {
            var prefix = path + ".";
            foreach (var key in log.InvalidQuantities.Keys)
            {
                if (key.StartsWith(prefix, System.StringComparison.Ordinal))
                    names.Add(key.Substring(path.Length + 1));
            }
        }
        if (names.Count > 1)
            names.Sort(OrdinalOrder);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (i > 0 && string.Equals(name, names[i - 1], System.StringComparison.Ordinal))
                continue;
            target.Add(new ResourceModel { Resource = name, Quantity = Quantity(values, name, log, path + "." + name) });
        }
    }

    private static readonly System.Comparison<string> OrdinalOrder = string.CompareOrdinal;

    private static Val<string?> Quantity(IDictionary<string, ResourceQuantity>? values, string resource, BuildLog log, string path)
    {
        if (log.InvalidQuantities.TryGetValue(path, out var raw)) return raw;
        return values is not null && values.TryGetValue(resource, out var q) && q is not null ? Quantities.Text(q) : null;
    }

    private static void AddProbe(ContainerModel container, V1Probe? probe, ProbeKind kind)
    {
        if (probe is null) return;
        var handlers = new object?[] { probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc }.Count(h => h is not null);
        string? handler = probe.HttpGet is not null ? "httpGet" : probe.TcpSocket is not null ? "tcpSocket" : probe.Grpc is not null ? "grpc" : probe.Exec is not null ? "exec" : null;
        var port = probe.HttpGet?.Port?.Value ?? probe.TcpSocket?.Port?.Value ?? probe.Grpc?.Port.ToString(CultureInfo.InvariantCulture);
        container.Probes.Add(new ProbeModel
        {
            Kind = kind,
            HandlerCount = handlers,
            Handler = handler,
            Port = port,
            Path = probe.HttpGet?.Path,
            CommandLength = probe.Exec?.Command?.Count ?? 0,
            Signature = handler + " " + port + " " + probe.HttpGet?.Path + (probe.Exec?.Command is { } cmd ? string.Join(" ", cmd) : string.Empty),
            InitialDelaySeconds = probe.InitialDelaySeconds,
            TimeoutSeconds = probe.TimeoutSeconds,
            PeriodSeconds = probe.PeriodSeconds,
            SuccessThreshold = probe.SuccessThreshold,
            FailureThreshold = probe.FailureThreshold,
            TerminationGracePeriodSeconds = probe.TerminationGracePeriodSeconds,
        });
    }

    /// <summary>What the definition asked of the Service that the built object cannot show: port names no container has (BERTH105).</summary>
    private static ServiceModel Asked(ServiceModel model, AppManifests manifests, bool generated)
    {
        foreach (var derived in manifests.DerivedServices)
        {
            if (derived.IsGeneratedGoverning != generated) continue;
            model.UnmatchedPorts.AddRange(derived.UnmatchedPorts);
            model.ContainerPortNames.AddRange(derived.ContainerPortNames);
        }

        return model;
    }

    private static ServiceModel Service(V1Service service, bool generated)
    {
        var model = new ServiceModel
        {
            Name = service.Metadata?.Name,
            Namespace = service.Metadata?.NamespaceProperty,
            Type = service.Spec?.Type,
            ClusterIP = service.Spec?.ClusterIP,
            Selector = service.Spec?.Selector is null ? null : Labels(service.Spec.Selector),
            IsGeneratedGoverning = generated,
        };
        foreach (var p in service.Spec?.Ports ?? new List<V1ServicePort>())
            model.Ports.Add(new ServicePortModel { Name = p.Name, Port = p.Port, Protocol = p.Protocol, TargetPort = p.TargetPort?.Value });
        return model;
    }

    private static LabelMap Labels(IDictionary<string, string>? labels)
    {
        var map = new LabelMap();
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
            map.Add(key, value);
        return map;
    }

    /// <summary>A label selector, matchLabels and matchExpressions, as the one selector type of the rule model.</summary>
    private static LabelMap Selector(V1LabelSelector selector)
    {
        var map = Labels(selector.MatchLabels);
        foreach (var e in selector.MatchExpressions ?? new List<V1LabelSelectorRequirement>())
            map.Expression(e.Key ?? string.Empty, e.OperatorProperty, (e.Values ?? new List<string>()).ToArray());
        return map;
    }
}
