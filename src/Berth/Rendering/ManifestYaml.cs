using System;
using System.IO;
using System.Linq;
using System.Text;
using k8s;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Berth;

/// <summary>YAML through KubernetesClient's <see cref="KubernetesYaml"/>: multi-document, apply order, no nulls.</summary>
public static class ManifestYaml
{
    /// <summary>
    /// Serializes the objects of one app in apply order, separated by <c>---</c>: byte for byte what
    /// <c>KubernetesYaml.SerializeAll(manifests.Objects)</c> writes, through the same YamlDotNet emitter, but without
    /// the serializer's reflection on every call (see <see cref="ModelEvents"/>).
    /// </summary>
    public static string Serialize(AppManifests manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        try
        {
            return SerializeFast(manifests);
        }
        catch (NotSupportedException)
        {
            // Something only the full serializer writes (see ModelEvents): let it write the whole app.
            return KubernetesYaml.SerializeAll(manifests.Objects.Cast<object>());
        }
    }

    private static string SerializeFast(AppManifests manifests)
    {
        var builder = new StringBuilder(4096);
        var emitter = new Emitter(new StringWriter(builder));
        // The same events as KubernetesYaml.SerializeAll, which never ends the stream.
        emitter.Emit(new StreamStart());
        foreach (var value in manifests.Objects)
        {
            if (value is null)
                continue;
            emitter.Emit(new DocumentStart());
            ModelEvents.Emit(emitter, value);
            emitter.Emit(new DocumentEnd(true));
        }
        return builder.ToString();
    }
}
