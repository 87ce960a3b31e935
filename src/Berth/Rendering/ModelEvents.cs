using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.Schemas;

namespace Berth;

/// <summary>
/// Feeds Kubernetes model objects to YamlDotNet's <see cref="IEmitter"/> as exactly the events that
/// <see cref="KubernetesYaml"/>'s serializer produces for them, without its per-call reflection: the text still comes
/// from YamlDotNet's emitter, this only replaces the object-graph walk.
/// <para>
/// What the serializer does, and so what this does: properties in reflection order under their
/// <c>[JsonPropertyName]</c> names, null properties omitted; the KubernetesClient type converters for
/// <see cref="IntOrString"/>, <see cref="ResourceQuantity"/>, <c>byte[]</c>, <see cref="DateTime"/> and
/// <see cref="DateTimeOffset"/>; <c>StringQuotingEmitter</c> (double quotes for YAML-ambiguous strings, literal
/// blocks for multi-line ones) and <c>FloatEmitter</c>; YamlDotNet's tags and implicit flags.
/// </para>
/// Anything this does not know how to write the same way (an enum, a public field, a YamlDotNet attribute, a type
/// outside k8s.Models, a null list item…) throws <see cref="NotSupportedException"/> before any text is returned,
/// and the caller falls back to <see cref="KubernetesYaml"/> itself.
/// </summary>
internal static class ModelEvents
{
    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    private static readonly MappingStart MappingStartEvent = new(AnchorName.Empty, TagName.Empty, false, MappingStyle.Any);
    private static readonly MappingEnd MappingEndEvent = new();
    private static readonly SequenceStart SequenceStartEvent = new(AnchorName.Empty, TagName.Empty, false, SequenceStyle.Any);
    private static readonly SequenceEnd SequenceEndEvent = new();
    private static readonly Scalar NullEvent = new(AnchorName.Empty, JsonSchema.Tags.Null, string.Empty, ScalarStyle.Plain, true, false);
    private static readonly Scalar TrueEvent = new(AnchorName.Empty, JsonSchema.Tags.Bool, YamlFormatter.Default.FormatBoolean(true), ScalarStyle.Plain, true, false);
    private static readonly Scalar FalseEvent = new(AnchorName.Empty, JsonSchema.Tags.Bool, YamlFormatter.Default.FormatBoolean(false), ScalarStyle.Plain, true, false);
    private static readonly KubernetesDateTimeYamlConverter DateTimeConverter = new();
    private static readonly KubernetesDateTimeOffsetYamlConverter DateTimeOffsetConverter = new();

    /// <summary>Emits one object as the body of a document (between DocumentStart and DocumentEnd).</summary>
    /// <exception cref="NotSupportedException">When the object graph has something only the full serializer handles.</exception>
    public static void Emit(IEmitter emitter, object value) => EmitValue(emitter, value, ShapeOf(value.GetType()));

    private static void EmitValue(IEmitter emitter, object value, Shape shape)
    {
        switch (shape.Kind)
        {
            case Kind.Object:
                emitter.Emit(MappingStartEvent);
                foreach (var property in shape.Properties!)
                {
                    var propertyValue = property.Get(value);
                    if (propertyValue is null)
                        continue; // DefaultValuesHandling.OmitNull
                    emitter.Emit(property.Key);
                    EmitValue(emitter, propertyValue, ShapeOf(propertyValue.GetType()));
                }
                emitter.Emit(MappingEndEvent);
                break;
            case Kind.Dictionary:
                // A non-generic IDictionary, as YamlDotNet walks it: keys and values typed by their runtime type.
                emitter.Emit(MappingStartEvent);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    EmitValue(emitter, entry.Key, ShapeOf(entry.Key.GetType()));
                    if (entry.Value is null)
                        emitter.Emit(NullEvent);
                    else
                        EmitValue(emitter, entry.Value, ShapeOf(entry.Value.GetType()));
                }
                emitter.Emit(MappingEndEvent);
                break;
            case Kind.List:
                emitter.Emit(SequenceStartEvent);
                foreach (var item in (IEnumerable)value)
                {
                    // YamlDotNet types a null item by the list's element type, which may pick a type converter.
                    if (item is null)
                        throw new NotSupportedException("a null list item");
                    EmitValue(emitter, item, ShapeOf(item.GetType()));
                }
                emitter.Emit(SequenceEndEvent);
                break;
            case Kind.String:
                emitter.Emit(StringEvent((string)value, ScalarStyle.Any));
                break;
            case Kind.Boolean:
                emitter.Emit((bool)value ? TrueEvent : FalseEvent);
                break;
            case Kind.Integer:
                emitter.Emit(new Scalar(AnchorName.Empty, JsonSchema.Tags.Int, YamlFormatter.Default.FormatNumber(value), ScalarStyle.Plain, true, false));
                break;
            case Kind.Double:
                emitter.Emit(new Scalar(((double)value).ToString("0.0######################", System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case Kind.Single:
                emitter.Emit(new Scalar(((float)value).ToString("0.0######################", System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case Kind.IntOrString:
                emitter.Emit(new Scalar(((IntOrString)value).Value ?? throw new NotSupportedException("an IntOrString without a value")));
                break;
            case Kind.Quantity:
                emitter.Emit(new Scalar(Quantities.Text((ResourceQuantity)value) ?? throw new NotSupportedException("a quantity without text")));
                break;
            case Kind.Bytes:
                emitter.Emit(new Scalar(Convert.ToBase64String((byte[])value)));
                break;
            case Kind.DateTime:
                DateTimeConverter.WriteYaml(emitter, value, typeof(DateTime), null!);
                break;
            case Kind.DateTimeOffset:
                DateTimeOffsetConverter.WriteYaml(emitter, value, typeof(DateTimeOffset), null!);
                break;
            default:
                throw new NotSupportedException(shape.Reason);
        }
    }

    /// <summary>
    /// A string scalar as <c>StringQuotingEmitter</c> and YamlDotNet's <c>TypeAssigningEventEmitter</c> make it:
    /// double-quoted when YAML would read it as something else, literal when it spans lines, else the given style.
    /// </summary>
    internal static Scalar StringEvent(string text, ScalarStyle style) =>
        new(AnchorName.Empty, FailsafeSchema.Tags.Str, text, QuotedStyle(text, style), true, false);

    /// <summary>
    /// The style <c>StringQuotingEmitter</c> gives a string scalar whose style so far is <paramref name="style"/>, with two
    /// corrections so that kubectl reads back exactly the string (where KubernetesYaml alone would not): double quotes also
    /// for text go-yaml resolves as a number though the quoting regex misses it (<c>0x1F</c>, <c>+1</c>, <c>1_000</c>,
    /// <c>0o17</c>, <c>0b101</c>, <c>.5</c>…, see <see cref="YamlTree.ReadsAsString"/>), and for text with a line break other
    /// than '\n' (CR, NEL), which a literal or plain scalar would turn into '\n'; double quotes escape them.
    /// </summary>
    internal static ScalarStyle QuotedStyle(string text, ScalarStyle style)
    {
        if (LooksLikeAnotherType(text) || !YamlTree.ReadsAsString(text)) return ScalarStyle.DoubleQuoted;
        if (text.AsSpan().IndexOfAny(OtherLineBreaks) > -1) return ScalarStyle.DoubleQuoted;
        if (text.IndexOf('\n') > -1) return ScalarStyle.Literal;
        return style;
    }

    private static readonly System.Buffers.SearchValues<char> OtherLineBreaks = System.Buffers.SearchValues.Create("\r\u0085");

    /// <summary>
    /// Exactly what <c>StringQuotingEmitter</c>'s regular expression matches:
    /// <c>^(~|null|…|OFF|-?(0|[0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$</c>, where <c>$</c> also matches before a
    /// final newline.
    /// </summary>
    internal static bool LooksLikeAnotherType(string text)
    {
        var s = text.AsSpan();
        if (s.Length > 0 && s[s.Length - 1] == '\n') s = s.Slice(0, s.Length - 1);
        switch (s.Length)
        {
            case 0:
                return true;
            case 1:
                if (s[0] is '~' or 'y' or 'Y' or 'n' or 'N') return true;
                break;
            case 2:
                if (s is "on" or "On" or "ON" or "no" or "No" or "NO") return true;
                break;
            case 3:
                if (s is "yes" or "Yes" or "YES" or "off" or "Off" or "OFF") return true;
                break;
            case 4:
                if (s is "null" or "Null" or "NULL" or "true" or "True" or "TRUE") return true;
                break;
            case 5:
                if (s is "false" or "False" or "FALSE") return true;
                break;
        }

        // -?[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?
        var i = 0;
        if (i < s.Length && s[i] == '-') i++;
        while (i < s.Length && s[i] is >= '0' and <= '9') i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && s[i] is >= '0' and <= '9') i++;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+') i++;
            var digits = i;
            while (i < s.Length && s[i] is >= '0' and <= '9') i++;
            if (i == digits) return false;
        }
        return i == s.Length;
    }

    private static Shape ShapeOf(Type type) => Shapes.TryGetValue(type, out var shape) ? shape : Shapes.GetOrAdd(type, Describe(type));

    private enum Kind
    {
        Unsupported,
        Object,
        Dictionary,
        List,
        String,
        Boolean,
        Integer,
        Double,
        Single,
        IntOrString,
        Quantity,
        Bytes,
        DateTime,
        DateTimeOffset,
    }

    private sealed class Shape
    {
        public Shape(Kind kind, PropertyShape[]? properties = null, string? reason = null)
        {
            Kind = kind;
            Properties = properties;
            Reason = reason;
        }

        public Kind Kind { get; }

        public PropertyShape[]? Properties { get; }

        public string? Reason { get; }
    }

    private sealed class PropertyShape
    {
        public PropertyShape(Scalar key, Getter getter)
        {
            Key = key;
            Getter = getter;
        }

        /// <summary>The key event, made once: events are immutable.</summary>
        public Scalar Key { get; }

        public Getter Getter { get; }

        public object? Get(object owner) => Getter.Get(owner);
    }

    private abstract class Getter
    {
        public abstract object? Get(object owner);
    }

    /// <summary>A compiled property getter; shared code for every reference-type pair, so one JIT serves them all.</summary>
    private sealed class Getter<TOwner, TValue> : Getter
    {
        private readonly Func<TOwner, TValue> _get;

        public Getter(MethodInfo getMethod) => _get = (Func<TOwner, TValue>)Delegate.CreateDelegate(typeof(Func<TOwner, TValue>), getMethod);

        public override object? Get(object owner) => _get((TOwner)owner);
    }

    /// <summary>Classifies a runtime type the way YamlDotNet's full object-graph traversal would handle it.</summary>
    private static Shape Describe(Type type)
    {
        // Type converters come first (CustomSerializationObjectGraphVisitor), by exact type.
        if (type == typeof(IntOrString)) return new Shape(Kind.IntOrString);
        if (type == typeof(ResourceQuantity)) return new Shape(Kind.Quantity);
        if (type == typeof(byte[])) return new Shape(Kind.Bytes);
        if (type == typeof(DateTime)) return new Shape(Kind.DateTime);
        if (type == typeof(DateTimeOffset)) return new Shape(Kind.DateTimeOffset);
        if (typeof(IYamlConvertible).IsAssignableFrom(type))
            return Unsupported(type, "implements IYamlConvertible");
#pragma warning disable CS0618 // IYamlSerializable is obsolete, and still honoured by the serializer
        if (typeof(IYamlSerializable).IsAssignableFrom(type))
            return Unsupported(type, "implements IYamlSerializable");
#pragma warning restore CS0618
        if (type.IsEnum)
            return Unsupported(type, "is an enum");

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.String:
                return new Shape(Kind.String);
            case TypeCode.Boolean:
                return new Shape(Kind.Boolean);
            case TypeCode.SByte:
            case TypeCode.Byte:
            case TypeCode.Int16:
            case TypeCode.UInt16:
            case TypeCode.Int32:
            case TypeCode.UInt32:
            case TypeCode.Int64:
            case TypeCode.UInt64:
                return new Shape(Kind.Integer);
            case TypeCode.Double:
                return new Shape(Kind.Double);
            case TypeCode.Single:
                return new Shape(Kind.Single);
            case TypeCode.Object:
                break;
            default:
                return Unsupported(type, "is a " + Type.GetTypeCode(type) + " scalar");
        }

        if (type.IsValueType)
            return Unsupported(type, "is a value type");
        if (typeof(IDictionary).IsAssignableFrom(type))
            return new Shape(Kind.Dictionary);
        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            return Unsupported(type, "is a dictionary that is not an IDictionary");
        if (typeof(IEnumerable).IsAssignableFrom(type))
            return new Shape(Kind.List);
        return DescribeObject(type);
    }

    private static Shape DescribeObject(Type type)
    {
        // KubernetesYaml names the properties of the k8s.Models types by their [JsonPropertyName]; anything else
        // would be named by the camel-case convention and YamlDotNet's own attributes, which is not worth copying.
        if (type.Assembly != typeof(V1ObjectMeta).Assembly || type.Namespace != typeof(V1ObjectMeta).Namespace || !type.IsPublic || type.IsAbstract)
            return Unsupported(type, "is not a k8s.Models type");
        if (type.GetRuntimeFields().Any(f => !f.IsStatic && f.IsPublic))
            return Unsupported(type, "has public fields");

        // KubernetesYaml's attribute overrides also order the properties of a type that has ApiVersion or Kind:
        // apiVersion, kind, metadata, then the rest in metadata-token order; other types keep reflection order.
        var declared = type.GetProperties().OrderBy(p => p.MetadataToken).ToArray();
        var isObject = declared.Any(p => p.Name is "ApiVersion" or "Kind");
        var orders = new Dictionary<string, int>(StringComparer.Ordinal);
        if (isObject)
        {
            var next = LeadingProperties.Length;
            foreach (var property in declared)
            {
                var order = Array.IndexOf(LeadingProperties, property.Name);
                orders[property.Name] = order >= 0 ? order : next++;
            }
        }

        var properties = new List<(int Order, PropertyShape Shape)>();
        foreach (var property in type.GetRuntimeProperties())
        {
            // YamlDotNet's ReadablePropertiesTypeInspector: public instance properties that can be read, no indexers.
            var accessor = property.GetMethod ?? property.SetMethod!;
            if (accessor.IsStatic || !accessor.IsPublic || !property.CanRead || property.GetGetMethod(true)!.GetParameters().Length != 0)
                continue;

            string? jsonName = null;
            foreach (var attribute in property.GetCustomAttributes(true))
            {
                if (attribute is JsonPropertyNameAttribute json)
                    jsonName = json.Name;
                else if (attribute.GetType().Namespace?.StartsWith("YamlDotNet", StringComparison.Ordinal) == true)
                    return Unsupported(type, "has YamlDotNet attributes");
            }

            // KubernetesYaml overrides the names declared on the type itself (its GetProperties()), so that
            // property must be the one reflection finds on the type.
            try
            {
                if (type.GetProperty(property.Name) != property)
                    return Unsupported(type, "hides a property");
            }
            catch (AmbiguousMatchException)
            {
                return Unsupported(type, "has two properties named " + property.Name);
            }
            var name = jsonName ?? CamelCaseNamingConvention.Instance.Apply(property.Name);
            var getter = (Getter)Activator.CreateInstance(typeof(Getter<,>).MakeGenericType(type, property.PropertyType), property.GetGetMethod(true)!)!;
            properties.Add((orders.TryGetValue(property.Name, out var position) ? position : 0, new PropertyShape(StringEvent(name, ScalarStyle.Plain), getter)));
        }
        // A stable sort, as YamlDotNet's (LINQ OrderBy).
        return new Shape(Kind.Object, properties.OrderBy(p => p.Order).Select(p => p.Shape).ToArray());
    }

    private static readonly string[] LeadingProperties = { "ApiVersion", "Kind", "Metadata" };

    private static Shape Unsupported(Type type, string why) => new(Kind.Unsupported, reason: type.FullName + " " + why);
}
