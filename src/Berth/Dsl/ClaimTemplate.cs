using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using k8s.Models;

namespace Berth;

/// <summary>A volume claim template: each pod gets its own PersistentVolumeClaim <c>&lt;name&gt;-&lt;app&gt;-&lt;ordinal&gt;</c>.</summary>
internal sealed record ClaimTemplate(
    string Name,
    string Size,
    ImmutableArray<AccessMode> AccessModes,
    string? StorageClass,
    VolumeMode? Mode,
    ImmutableSortedDictionary<string, string> Labels)
{
    public V1PersistentVolumeClaim ToModel(BuildLog log)
    {
        var storage = log.Quantity(Size, "claims[" + Name + "].storage");
        return new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = Name, Labels = Labels.IsEmpty ? null : new Dictionary<string, string>(Labels) },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = AccessModes.Select(m => m.Text()).ToList(),
                StorageClassName = StorageClass,
                VolumeMode = Mode?.Text(),
                Resources = new V1VolumeResourceRequirements
                {
                    Requests = storage is null ? new Dictionary<string, ResourceQuantity>() : new Dictionary<string, ResourceQuantity> { ["storage"] = storage },
                },
            },
        };
    }
}
