using System.Collections.Generic;
using k8s;
using k8s.Models;

namespace Berth;

/// <summary>
/// The Kubernetes objects of one app, as built by <see cref="StatefulApp.Build()"/>. Each build returns new
/// objects; editing them (see <see cref="StatefulApp.Customize"/>) affects nothing else.
/// </summary>
public sealed class AppManifests
{
    internal AppManifests(V1StatefulSet statefulSet, BuildLog log)
    {
        StatefulSet = statefulSet;
        Log = log;
    }

    /// <summary>The Namespace, when the app creates it.</summary>
    public V1Namespace? Namespace { get; set; }

    /// <summary>The ConfigMaps written with the app.</summary>
    public List<V1ConfigMap> ConfigMaps { get; } = new();

    /// <summary>The governing headless Service, unless the app uses an existing one.</summary>
    public V1Service? GoverningService { get; set; }

    /// <summary>The optional client Service.</summary>
    public V1Service? ClientService { get; set; }

    /// <summary>The optional PodDisruptionBudget.</summary>
    public V1PodDisruptionBudget? DisruptionBudget { get; set; }

    /// <summary>The StatefulSet.</summary>
    public V1StatefulSet StatefulSet { get; set; }

    /// <summary>Names of the Secrets the pods read (env, envFrom, volumes, image pull secrets); Berth does not write Secrets.</summary>
    public List<string> ReferencedSecrets { get; } = new();

    /// <summary>
    /// Objects carried verbatim with the app (<see cref="StatefulApp.With(string)"/>): kinds the DSL has no method
    /// for. Written after the Namespace and before the ConfigMaps, as their prerequisites usually are.
    /// </summary>
    public List<IKubernetesObject<V1ObjectMeta>> Extras { get; } = new();

    internal BuildLog Log { get; }

    /// <summary>The Services as the DSL derived them: what was asked for that the built objects cannot show (BERTH105).</summary>
    internal List<Berth.Rules.Model.ServiceModel> DerivedServices { get; } = new();

    /// <summary>Every object in apply order: Namespace, extras, ConfigMaps, Services, PodDisruptionBudget, StatefulSet.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Objects
    {
        get
        {
            if (Namespace is not null) yield return Namespace;
            foreach (var extra in Extras) yield return extra;
            foreach (var configMap in ConfigMaps) yield return configMap;
            if (GoverningService is not null) yield return GoverningService;
            if (ClientService is not null) yield return ClientService;
            if (DisruptionBudget is not null) yield return DisruptionBudget;
            yield return StatefulSet;
        }
    }
}
