using System;
using System.Linq;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

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

        Require(obj, "With(yaml)", "add {0} to the YAML", nameof(yaml));
        return Carry(obj, s => Rules.Dsl.AppSteps.With(s, yaml));
    }

    /// <summary>
    /// Carries one more Kubernetes object with the app, typed: any KubernetesClient model with a name (a
    /// <see cref="V1StorageClass"/>, <see cref="V1NetworkPolicy"/>, <see cref="V1ServiceAccount"/>, <see cref="V1Role"/>…).
    /// Its <c>apiVersion</c> and <c>kind</c> are filled from its type when not set. A copy is taken now, so later changes to
    /// <paramref name="obj"/> do not reach the app; it is written like <see cref="With(string)"/>: after the Namespace and
    /// before the app's own objects, in the order added.
    /// </summary>
    /// <exception cref="ArgumentException">When the object has no metadata.name, or its kind cannot be told.</exception>
    public StatefulApp With(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj)) as JsonObject ?? new JsonObject();
        if (obj.GetType().GetCustomAttributes(typeof(KubernetesEntityAttribute), false) is [KubernetesEntityAttribute entity, ..])
        {
            if (json["apiVersion"] is not JsonValue) json["apiVersion"] = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : entity.Group + "/" + entity.ApiVersion;
            if (json["kind"] is not JsonValue) json["kind"] = entity.Kind;
        }

        Require(json, "With(" + obj.GetType().Name + ")", "set {0} on the object", nameof(obj));
        var kind = (string?)json["kind"];
        return Carry(json, s => Rules.Dsl.AppSteps.Carry(s, kind));
    }

    private void Require(JsonObject obj, string call, string fix, string parameter)
    {
        var missing = new[] { "apiVersion", "kind" }.Where(f => obj[f] is not JsonValue).ToList();
        if (obj["metadata"]?["name"] is not JsonValue)
            missing.Add("metadata.name");
        if (missing.Count > 0)
            throw new ArgumentException($"{Name}: the object given to {call} has no {string.Join(", ", missing)}; " + string.Format(System.Globalization.CultureInfo.InvariantCulture, fix, missing.Count == 1 ? "it" : "them") + ".", parameter);
    }

    /// <summary>Adds the object to every build (a fresh copy each time) and runs its step.</summary>
    private StatefulApp Carry(JsonObject obj, Action<Rules.Dsl.AppSpec> step)
    {
        var withObject = Customize(m => m.Extras.Add(RawObject.Create((JsonObject)obj.DeepClone())));
        var spec = withObject.Spec.Clone();
        step(spec);
        return withObject with { Spec = spec };
    }
}
