using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using CsCheck;
using k8s;
using k8s.Models;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Berth.Tests.Rendering;

/// <summary>
/// <see cref="ManifestYaml.Serialize"/> writes byte for byte what <c>KubernetesYaml.SerializeAll</c> writes, for the
/// golden apps, random definitions, awkward strings and randomly filled Kubernetes objects; and its fast path gives
/// YamlDotNet's emitter exactly the events KubernetesYaml's serializer gives it.
/// </summary>
public sealed class ManifestYamlIdentityTests
{
    private static string Reference(AppManifests manifests) => KubernetesYaml.SerializeAll(manifests.Objects.Cast<object>());

    private static void AssertIdentical(AppManifests manifests)
    {
        var expected = Reference(manifests);
        var actual = ManifestYaml.Serialize(manifests);
        if (expected != actual)
            Assert.Fail("ManifestYaml differs from KubernetesYaml.\n--- KubernetesYaml\n" + expected + "\n--- ManifestYaml\n" + actual);
    }

    /// <summary>The fast path alone (no fallback): the events it emits equal the serializer's, event for event.</summary>
    private static void AssertSameEvents(object value)
    {
        var expected = new RecordingEmitter();
        ReferenceSerializer.SerializeValue(expected, value, value.GetType());
        var actual = new RecordingEmitter();
        ModelEvents.Emit(actual, value);
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        for (var i = 0; i < expected.Events.Count; i++)
            Assert.Equal(Describe(expected.Events[i]), Describe(actual.Events[i]));
    }

    private static readonly IValueSerializer ReferenceSerializer =
        (IValueSerializer)typeof(KubernetesYaml).GetField("Serializer", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static string Describe(ParsingEvent e) => e switch
    {
        Scalar s => $"Scalar anchor={s.Anchor} tag={s.Tag} value={s.Value} style={s.Style} plain={s.IsPlainImplicit} quoted={s.IsQuotedImplicit} key={s.IsKey}",
        MappingStart m => $"MappingStart anchor={m.Anchor} tag={m.Tag} implicit={m.IsImplicit} style={m.Style}",
        SequenceStart q => $"SequenceStart anchor={q.Anchor} tag={q.Tag} implicit={q.IsImplicit} style={q.Style}",
        _ => e.GetType().Name,
    };

    private sealed class RecordingEmitter : IEmitter
    {
        public List<ParsingEvent> Events { get; } = new();

        public void Emit(ParsingEvent @event) => Events.Add(@event);
    }

    // ---- golden sample apps -------------------------------------------------------------------------------------

    public static TheoryData<string> Samples => new() { "seed", "postgres", "zookeeper", "redis" };

    private static StatefulApp Sample(string name) => name switch
    {
        "seed" => SampleApps.Seed,
        "postgres" => SampleApps.Postgres,
        "zookeeper" => SampleApps.ZooKeeper,
        _ => SampleApps.Redis,
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Golden_sample_apps_serialize_byte_for_byte_like_KubernetesYaml(string sample)
    {
        var built = Sample(sample).Build();
        AssertIdentical(built);
        foreach (var value in built.Objects)
            AssertSameEvents(value);
    }

    // ---- awkward strings ----------------------------------------------------------------------------------------

    private static readonly string[] AwkwardStrings =
    {
        "", " ", "  ", "yes", "Yes", "YES", "no", "No", "NO", "y", "Y", "n", "N", "on", "On", "ON", "off", "Off", "OFF",
        "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~", "0755", "0", "-0", "1.0", "1.", ".5",
        ".", "-", "-.", "1e5", "1E+5", "1e", "e5", "E-10", "+1", "0x1F", "0o17", ".inf", "-.inf", ".nan", "1_000", "12:30",
        "1.0.0", "yes\n", "no\n\n", "\n", "line1\nline2", "line1\nline2\n", "trailing \nspace", "a: b", "a:b", "- item",
        "-item", "#comment", "a #b", "a#b", "key:", "? x", "[a]", "{a}", "a,b", "&anchor", "*alias", "!tag", "|", ">", "%",
        "@", "`", "'single'", "\"double\"", "it's", "  padded  ", " leading", "trailing ", "\ttab", "ünïcødé", "日本語",
        "emoji 🚀", "\u00a0nbsp", "bell\u0007", "crlf\r\nline", "cr\rline", "---", "...", "--- x", "x ---", "%YAML",
        "very long " + new string('x', 200), "a  b", "a\u2028b", "\ufeffbom", "0b101", "0.5Gi", "250m", "1Gi",
    };

    /// <summary>
    /// True where Berth writes the string as KubernetesYaml does: everywhere but the strings kubectl would read back as
    /// another value from KubernetesYaml's output (<c>0x1F</c>, <c>+1</c>, <c>1_000</c>, a CR or NEL line break…), which
    /// Berth double-quotes; the identity tests hold for the others, and <see cref="Strings_kubectl_would_misread_are_quoted_where_KubernetesYaml_writes_them_plain"/>
    /// covers those.
    /// </summary>
    private static bool Agreed(string text) =>
        ModelEvents.QuotedStyle(text, ScalarStyle.Any) == (StringQuotingRegex.IsMatch(text) ? ScalarStyle.DoubleQuoted : text.Contains('\n') ? ScalarStyle.Literal : ScalarStyle.Any);

    [Fact]
    public void Strings_kubectl_would_misread_are_quoted_where_KubernetesYaml_writes_them_plain()
    {
        var misread = AwkwardStrings.Where(t => !Agreed(t)).ToList();
        Assert.Superset(new HashSet<string> { "+1", "0x1F", "0o17", "1_000", "0b101", ".nan", ".inf", "crlf\r\nline", "cr\rline" }, misread.ToHashSet());
        foreach (var text in misread)
        {
            var built = SampleApps.Seed.Build();
            built.StatefulSet.Spec.Template.Spec.Containers[0].Env = new List<V1EnvVar> { new() { Name = "V", Value = text } };
            string? Read(string yaml) => Berth.YamlTree.Documents(yaml).OfType<System.Text.Json.Nodes.JsonObject>()
                .First(o => (string?)o["kind"] == "StatefulSet")["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![0]!["value"] is System.Text.Json.Nodes.JsonValue v
                && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
            Assert.Equal(text, Read(ManifestYaml.Serialize(built)));
            string? fromReference;
            try
            {
                fromReference = Read(Reference(built));
            }
            catch (YamlException)
            {
                fromReference = null; // .nan/.inf: kubectl refuses the file
            }

            Assert.NotEqual(text, fromReference);
        }
    }

    [Fact]
    public void Awkward_strings_in_values_keys_labels_and_lists_serialize_byte_for_byte()
    {
        foreach (var text in AwkwardStrings.Where(Agreed))
        {
            var built = SampleApps.Seed.Build();
            built.ConfigMaps.Add(new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = new V1ObjectMeta { Name = "awkward", Labels = new Dictionary<string, string> { ["k"] = text }, Annotations = new Dictionary<string, string> { [text] = text } },
                Data = new Dictionary<string, string> { ["value"] = text, [text.Length == 0 ? "empty" : text] = "x" },
            });
            var container = built.StatefulSet.Spec.Template.Spec.Containers[0];
            container.Args = new List<string> { text, text + text };
            container.Env = new List<V1EnvVar> { new() { Name = "V", Value = text } };
            AssertIdentical(built);
            foreach (var value in built.Objects)
                AssertSameEvents(value);
        }
    }

    private static readonly Regex StringQuotingRegex =
        (Regex)typeof(StringQuotingEmitter).GetField("QuotedRegex", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    [Fact]
    public void The_quoting_test_matches_StringQuotingEmitter_exactly()
    {
        foreach (var text in AwkwardStrings)
            Assert.True(StringQuotingRegex.IsMatch(text) == ModelEvents.LooksLikeAnotherType(text), text);
        // (ModelEvents.QuotedStyle quotes more than this test: see Agreed.)
        var alphabet = Gen.Char["0123456789.-+eEyYnNoOfFtTrRuUlLsSaA~ \n:x"];
        alphabet.Array[0, 8].Select(c => new string(c)).Sample(text =>
            StringQuotingRegex.IsMatch(text) == ModelEvents.LooksLikeAnotherType(text), iter: 20000);
    }

    // ---- random definitions -------------------------------------------------------------------------------------

    private static readonly Gen<string> DnsLabel = Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[1, 8].Select(c => new string(c));

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Int[0, AwkwardStrings.Length - 1].Select(i => AwkwardStrings[i]),
        Gen.String[Gen.Char["abcXYZ019 .-:#'\"\n~ü"], 0, 10]).Where(Agreed);

    private static readonly Gen<string> QuantityText = Gen.OneOf(
        Gen.Int[1, 999].Select(n => n + "Mi"),
        Gen.Int[1, 64].Select(n => n + "Gi"),
        Gen.Int[1, 4000].Select(n => n + "m"),
        Gen.Int[1, 16].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[1, 9].Select(n => "0." + n),
        Gen.Int[1, 9].Select(n => n + "e3"),
        Gen.Int[1, 9].Select(n => "0." + n + "Gi"));

    private static readonly Gen<IntOrPercent> Budget = Gen.OneOf(
        Gen.Int[0, 3].Select(n => (IntOrPercent)n),
        Gen.Int[1, 100].Select(n => IntOrPercent.Percent(n)));

    private static readonly Gen<StatefulApp> App =
        from name in DnsLabel
        from ns in Gen.OneOf(Gen.Const((string?)null), DnsLabel.Select(n => (string?)n))
        from createNamespace in Gen.Bool
        from replicas in Gen.Int[0, 7]
        from ports in Gen.Int[1, 65535].Array[1, 3]
        from values in Text.Array[3]
        from labelValue in Text
        from annotation in Text
        from cpu in QuantityText
        from memory in QuantityText
        from storage in QuantityText
        from partition in Gen.Int[0, 3]
        from maxUnavailable in Budget
        from parallel in Gen.Bool
        from onDelete in Gen.Bool
        from spread in Gen.Int[0, 3]
        from budget in Gen.Int[0, 3]
        from clientService in Gen.Bool
        from publishNotReady in Gen.Bool
        from readOnly in Gen.Bool
        from probeKind in Gen.Int[0, 4]
        from command in Text.Array[0, 3]
        from emptyCollections in Gen.Bool
        select Define(name, ns, createNamespace, replicas, ports, values, labelValue, annotation, cpu, memory, storage, partition, maxUnavailable,
            parallel, onDelete, spread, budget, clientService, publishNotReady, readOnly, probeKind, command, emptyCollections);

    private static StatefulApp Define(string name, string? ns, bool createNamespace, int replicas, int[] ports, string[] values, string labelValue,
        string annotation, string cpu, string memory, string storage, int partition, IntOrPercent maxUnavailable, bool parallel, bool onDelete,
        int spread, int budget, bool clientService, bool publishNotReady, bool readOnly, int probeKind, string[] command, bool emptyCollections)
    {
        var app = StatefulApp.Named(name).Replicas(replicas)
            .Label("example.com/tier", labelValue)
            .Annotation("example.com/note", annotation)
            .PodAnnotation(annotation.Length == 0 ? "blank" : "example.com/" + name, annotation)
            .ConfigMap(name + "-config", new Dictionary<string, string> { ["value"] = values[0], ["other"] = values[1] })
            .VolumeClaim("data", storage, readOnly ? AccessMode.ReadOnlyMany : AccessMode.ReadWriteOnce, storageClass: readOnly ? null : values[2]);
        if (ns is not null) app = app.InNamespace(ns, createNamespace);
        app = onDelete ? app.OnDelete() : app.RollingUpdate(partition: partition, maxUnavailable: maxUnavailable);
        if (parallel) app = app.PodManagement(PodManagement.Parallel);
        if (spread is 1 or 3) app = app.SpreadAcrossNodes(required: spread == 3);
        if (spread >= 2) app = app.SpreadAcrossZones();
        if (budget == 1) app = app.DisruptionBudget(maxUnavailable: maxUnavailable);
        if (budget == 2) app = app.DisruptionBudget(minAvailable: maxUnavailable);
        if (budget == 3) app = app.QuorumBudget();
        if (clientService) app = app.ClientService(name + "-client", ServiceType.NodePort);
        if (publishNotReady) app = app.PublishNotReadyAddresses();
        var distinct = ports.Distinct().ToArray();
        for (var i = 0; i < distinct.Length; i++)
        {
            var index = i;
            app = app.Container("c" + index, "registry.example/app:" + (index + 1) + ".0", c =>
            {
                c = c.Port("p" + index, distinct[index]).Env("VALUE", values[index % values.Length]).Env("EMPTY", string.Empty)
                    .Requests(cpu: cpu, memory: memory).Limits(cpu: cpu, memory: memory)
                    .Mount("data", "/data/" + index, readOnly: readOnly);
                if (command.Length > 0) c = c.Command(command);
                c = probeKind switch
                {
                    0 => c.Readiness(Probe.Tcp("p" + index)),
                    1 => c.Readiness(Probe.Tcp(distinct[index])).Liveness(Probe.Http("/healthz", distinct[index]).Every(3)),
                    2 => c.Readiness(Probe.Http("/ready", "p" + index, https: true).InitialDelay(1).Timeout(2).FailureThreshold(5)),
                    3 => c.Readiness(Probe.Exec(command.Length > 0 ? command : new[] { "true" })),
                    _ => c.Readiness(Probe.Grpc(distinct[index])),
                };
                return c;
            });
        }
        if (emptyCollections)
        {
            app = app.Customize(m =>
            {
                m.StatefulSet.Metadata.Annotations = new Dictionary<string, string>();
                m.StatefulSet.Spec.Template.Spec.Containers[0].Args = new List<string>();
                m.StatefulSet.Spec.Template.Spec.Volumes = new List<V1Volume> { new() { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() } };
                m.StatefulSet.Spec.Template.Spec.HostNetwork = false;
                m.StatefulSet.Spec.Template.Spec.Containers[0].Stdin = true;
            });
        }
        return app;
    }

    [Fact]
    public void Random_definitions_serialize_byte_for_byte_like_KubernetesYaml() =>
        App.Sample(app =>
        {
            var built = app.Build();
            AssertIdentical(built);
            foreach (var value in built.Objects)
                AssertSameEvents(value);
        }, iter: 300);

    // ---- randomly filled Kubernetes objects ---------------------------------------------------------------------

    [Fact]
    public void Randomly_filled_objects_of_every_kind_Berth_writes_serialize_byte_for_byte() =>
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var filler = new ModelFiller(random);
            var built = SampleApps.Postgres.Build();
            built.Namespace = filler.Fill<V1Namespace>();
            built.ConfigMaps.Add(filler.Fill<V1ConfigMap>());
            built.GoverningService = filler.Fill<V1Service>();
            built.ClientService = filler.Fill<V1Service>();
            built.DisruptionBudget = filler.Fill<V1PodDisruptionBudget>();
            built.StatefulSet = filler.Fill<V1StatefulSet>();
            AssertIdentical(built);
            foreach (var value in built.Objects)
                AssertSameEvents(value);
        }, iter: 150);

    /// <summary>Fills every property of a k8s.Models object graph with random values (or leaves it null), depth-limited.</summary>
    private sealed class ModelFiller
    {
        private readonly Random _random;

        public ModelFiller(Random random) => _random = random;

        public T Fill<T>() where T : class => (T)FillObject(typeof(T), 0)!;

        private object? FillObject(Type type, int depth)
        {
            var value = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.CanWrite || property.GetIndexParameters().Length > 0)
                    continue;
                // Deeper levels are sparser, so that graphs stay small; the top levels are nearly full.
                if (_random.NextDouble() < 0.25 + depth * 0.12)
                    continue;
                var propertyValue = Value(property.PropertyType, depth + 1);
                if (propertyValue is not null)
                    property.SetValue(value, propertyValue);
            }
            return value;
        }

        private object? Value(Type type, int depth)
        {
            var nullable = Nullable.GetUnderlyingType(type);
            if (nullable is not null) type = nullable;
            if (type == typeof(string)) return RandomText();
            if (type == typeof(bool)) return _random.Next(2) == 0;
            if (type == typeof(int)) return _random.Next(-5, 70000);
            if (type == typeof(long)) return (long)_random.Next(-5, int.MaxValue) * _random.Next(1, 1000);
            if (type == typeof(double)) return Math.Round(_random.NextDouble() * 100, _random.Next(0, 4));
            if (type == typeof(float)) return (float)Math.Round(_random.NextDouble() * 100, _random.Next(0, 3));
            if (type == typeof(DateTime)) return new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(_random.Next()).AddTicks(_random.Next(0, 2) * _random.Next(0, 10_000_000));
            if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(_random.Next());
            if (type == typeof(byte[])) return Enumerable.Range(0, _random.Next(0, 6)).Select(_ => (byte)_random.Next(256)).ToArray();
            if (type == typeof(IntOrString)) return _random.Next(3) switch { 0 => (IntOrString)_random.Next(1, 65535), 1 => (IntOrString)(_random.Next(0, 101) + "%"), _ => (IntOrString)RandomName() };
            if (type == typeof(ResourceQuantity)) return new ResourceQuantity(_random.Next(4) switch { 0 => _random.Next(1, 999) + "Mi", 1 => _random.Next(1, 4000) + "m", 2 => _random.Next(0, 16).ToString(System.Globalization.CultureInfo.InvariantCulture), _ => "0." + _random.Next(1, 9) + "Gi" });
            if (type == typeof(object)) return null; // free-form JSON values: not in the objects Berth writes
            if (depth > 7) return null;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            {
                var args = type.GetGenericArguments();
                var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                for (var i = _random.Next(0, 4); i > 0; i--)
                {
                    var key = RandomText();
                    var item = Value(args[1], depth + 1);
                    if (item is not null) dictionary[key] = item;
                }
                return dictionary;
            }
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>))
            {
                var element = type.GetGenericArguments()[0];
                var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
                for (var i = _random.Next(0, 3); i > 0; i--)
                {
                    var item = Value(element, depth + 1);
                    if (item is not null) list.Add(item);
                }
                return list;
            }
            if (type.Namespace == typeof(V1ObjectMeta).Namespace && type.IsClass && !type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null)
                return FillObject(type, depth);
            return null;
        }

        private string RandomText()
        {
            var text = _random.Next(3) == 0 ? AwkwardStrings[_random.Next(AwkwardStrings.Length)] : RandomName();
            return Agreed(text) ? text : RandomText();
        }

        private string RandomName()
        {
            var name = new string(Enumerable.Range(0, _random.Next(1, 10)).Select(_ => "abcdefghijklmnopqrstuvwxyz-0123456789"[_random.Next(37)]).ToArray());
            return Agreed(name) ? name : RandomName();
        }
    }

    [Fact]
    public void A_null_map_value_and_empty_maps_and_lists_serialize_byte_for_byte()
    {
        var built = SampleApps.Seed.Build();
        built.ConfigMaps.Add(new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "nulls", Labels = new Dictionary<string, string>(), Annotations = new Dictionary<string, string> { ["a"] = null!, ["b"] = "" } },
            Data = new Dictionary<string, string>(),
            BinaryData = new Dictionary<string, byte[]> { ["bin"] = new byte[] { 0, 1, 2, 255 }, ["empty"] = Array.Empty<byte>() },
            Immutable = true,
        });
        built.StatefulSet.Spec.Template.Spec.Containers[0].Command = new List<string>();
        AssertIdentical(built);
        foreach (var value in built.Objects)
            AssertSameEvents(value);
    }

    // ---- the fallback -------------------------------------------------------------------------------------------

    [Fact]
    public void Objects_the_fast_path_does_not_know_fall_back_to_KubernetesYaml()
    {
        var built = SampleApps.Seed.Build();
        // A free-form JSON value and a null list item: only the full serializer writes these.
        built.StatefulSet.Spec.Template.Spec.Containers[0].Args = new List<string> { "a", null!, "b" };
        built.StatefulSet.Metadata.Annotations = new Dictionary<string, string> { ["nullable"] = null! };
        AssertIdentical(built);
        Assert.Throws<NotSupportedException>(() => ModelEvents.Emit(new RecordingEmitter(), built.StatefulSet));
    }
}
