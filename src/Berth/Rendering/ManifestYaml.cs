using System.Linq;
using k8s;

namespace Berth;

/// <summary>YAML through KubernetesClient's <see cref="KubernetesYaml"/>: multi-document, apply order, no nulls.</summary>
public static class ManifestYaml
{
    /// <summary>Serializes the objects of one app in apply order, separated by <c>---</c>.</summary>
    public static string Serialize(AppManifests manifests) =>
        KubernetesYaml.SerializeAll(manifests.Objects.Cast<object>());
}
