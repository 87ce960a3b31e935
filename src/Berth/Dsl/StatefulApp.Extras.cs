using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Berth;

public sealed partial record StatefulApp
{
    /// <summary>
    /// Carries one more Kubernetes object with the app, verbatim: a kind the DSL has no method for (a StorageClass,
    /// a NetworkPolicy, a ServiceAccount, an instance of a custom resource). <paramref name="yaml"/> is one YAML (or
    /// JSON) document with <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c>; it is written as it is, after
    /// the Namespace and before the app's own objects (see <see cref="AppManifests.Extras"/>). <c>berth import</c>
    /// uses it for what it cannot express in the DSL.
    /// </summary>
    /// <exception cref="ArgumentException">When the text is not exactly one object with apiVersion, kind and metadata.name.</exception>
    public StatefulApp With(string yaml)
    {
        JsonObject obj;
        try
        {
            var documents = YamlTree.Documents(yaml ?? string.Empty);
            if (documents.Count != 1 || documents[0] is not JsonObject single)
                throw new ArgumentException($"{Name}: With(yaml) takes exactly one object (a YAML mapping); this text has {documents.Count} document(s). Call With once per object.", nameof(yaml));
            obj = single;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{Name}: the text given to With(yaml) is not valid YAML ({e.Message}).", nameof(yaml), e);
        }

        var missing = new[] { "apiVersion", "kind" }.Where(f => obj[f] is not JsonValue).ToList();
        if (obj["metadata"]?["name"] is not JsonValue)
            missing.Add("metadata.name");
        if (missing.Count > 0)
            throw new ArgumentException($"{Name}: the object given to With(yaml) has no {string.Join(", ", missing)}; add {(missing.Count == 1 ? "it" : "them")} to the YAML.", nameof(yaml));
        var withObject = Customize(m => m.Extras.Add(RawObject.Create(obj)));
        var spec = withObject.Spec.Clone();
        Rules.Dsl.AppSteps.With(spec, yaml);
        return withObject with { Spec = spec };
    }
}
