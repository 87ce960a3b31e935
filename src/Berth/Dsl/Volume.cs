using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using k8s.Models;

namespace Berth;

/// <summary>The source of a pod volume: a ConfigMap, a Secret, an emptyDir or a projection. Immutable.</summary>
public sealed record VolumeSource
{
    private VolumeSource() { }

    internal string Kind { get; private init; } = "emptyDir";
    internal string? SourceName { get; private init; }
    internal int? Mode { get; private init; }
    internal string? Medium { get; private init; }
    internal string? SizeLimit { get; private init; }
    internal ImmutableArray<KeyValuePair<string, string>> Items { get; private init; } = ImmutableArray<KeyValuePair<string, string>>.Empty;
    internal ImmutableArray<VolumeSource> Sources { get; private init; } = ImmutableArray<VolumeSource>.Empty;
    internal bool Optional { get; private init; }

    /// <summary>The source as the rules see it, made by the steps of <see cref="VolumeSteps"/> (the analyzers run the same).</summary>
    internal VolumeModel Model { get; private init; } = VolumeSteps.Projected(null);

    /// <summary>The keys of a ConfigMap as files. <paramref name="defaultMode"/> is the file mode as a number, e.g. <c>Convert.ToInt32("644", 8)</c>.</summary>
    public static VolumeSource ConfigMap(string configMap, int? defaultMode = null, bool optional = false) =>
        new() { Kind = "configMap", SourceName = configMap, Mode = defaultMode, Optional = optional, Model = VolumeSteps.KeysAsFiles(defaultMode, null) };

    /// <summary>The keys of a Secret as files.</summary>
    public static VolumeSource Secret(string secret, int? defaultMode = null, bool optional = false) =>
        new() { Kind = "secret", SourceName = secret, Mode = defaultMode, Optional = optional, Model = VolumeSteps.KeysAsFiles(defaultMode, null) };

    /// <summary>A scratch directory that lives as long as the pod; <paramref name="inMemory"/> uses tmpfs.</summary>
    public static VolumeSource EmptyDir(string? sizeLimit = null, bool inMemory = false) =>
        new() { Kind = "emptyDir", SizeLimit = sizeLimit, Medium = inMemory ? "Memory" : null, Model = VolumeSteps.EmptyDir(sizeLimit, null) };

    /// <summary>Several ConfigMaps and Secrets projected into one directory.</summary>
    public static VolumeSource Projected(params VolumeSource[] sources) =>
        new() { Kind = "projected", Sources = sources.ToImmutableArray(), Model = VolumeSteps.Projected(null) };

    /// <summary>Maps only the given keys to the given relative paths.</summary>
    public VolumeSource Item(string key, string path) => this with { Items = Items.Add(new KeyValuePair<string, string>(key, path)) };

    internal IEnumerable<string> ReferencedSecrets() =>
        Kind == "secret" ? new[] { SourceName! } : Sources.SelectMany(s => s.ReferencedSecrets());

    internal V1Volume ToModel(string name, BuildLog log)
    {
        var volume = new V1Volume { Name = name };
        switch (Kind)
        {
            case "configMap":
                volume.ConfigMap = new V1ConfigMapVolumeSource { Name = SourceName, DefaultMode = Mode, Items = KeyPaths(), Optional = Optional ? true : null };
                break;
            case "secret":
                volume.Secret = new V1SecretVolumeSource { SecretName = SourceName, DefaultMode = Mode, Items = KeyPaths(), Optional = Optional ? true : null };
                break;
            case "projected":
                volume.Projected = new V1ProjectedVolumeSource
                {
                    Sources = Sources.Select(s => s.Kind == "secret"
                        ? new V1VolumeProjection { Secret = new V1SecretProjection { Name = s.SourceName, Items = s.KeyPaths(), Optional = s.Optional ? true : null } }
                        : new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = s.SourceName, Items = s.KeyPaths(), Optional = s.Optional ? true : null } }).ToList(),
                };
                break;
            default:
                volume.EmptyDir = new V1EmptyDirVolumeSource { Medium = Medium, SizeLimit = SizeLimit is null ? null : log.Quantity(SizeLimit, "volumes[" + name + "].sizeLimit") };
                break;
        }

        return volume;
    }

    private List<V1KeyToPath>? KeyPaths() => Items.IsEmpty ? null : Items.Select(i => new V1KeyToPath { Key = i.Key, Path = i.Value }).ToList();
}
