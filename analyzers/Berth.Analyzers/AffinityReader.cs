using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>
/// Reads the pod affinity and anti-affinity terms of <c>Affinity(() => new V1Affinity { ... })</c> when the lambda returns an
/// object initializer of the KubernetesClient models: the terms, their topology keys and weights, and their label selectors
/// (matchLabels and matchExpressions) become model values anchored where they are written. Anything else (a method call, a
/// variable, a collection expression) leaves the terms unknown, as before.
/// </summary>
internal static class AffinityReader
{
    /// <summary>The terms of the <c>Affinity(...)</c> argument, or null when they cannot be read.</summary>
    public static AffinityTerms? Read(IOperation? argument)
    {
        if (argument is null) return null;
        if (Constants.Strip(argument) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            || lambda.Body.Operations.Length != 1
            || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
            return null;
        var affinity = Node.Read(returned);
        if (affinity is null || !affinity.IsType("V1Affinity")) return null;

        var terms = new AffinityTerms();
        if (!ReadGroup(affinity.Get("PodAntiAffinity"), terms.AntiRequired, terms.AntiPreferred)) return null;
        var podAffinity = new List<AffinityTermModel>();
        if (!ReadGroup(affinity.Get("PodAffinity"), podAffinity, podAffinity)) return null;
        terms.PodAffinity.AddRange(podAffinity.Where(t => t.Required).Concat(podAffinity.Where(t => !t.Required)));
        return terms;
    }

    private static bool ReadGroup(Node? group, List<AffinityTermModel> required, List<AffinityTermModel> preferred)
    {
        if (group is null) return true; // not set
        if (group.Unknown) return false;
        foreach (var term in group.Items("RequiredDuringSchedulingIgnoredDuringExecution") ?? Enumerable.Empty<Node>())
        {
            var model = Term(term, required: true);
            if (model is null) return false;
            required.Add(model);
        }

        foreach (var weighted in group.Items("PreferredDuringSchedulingIgnoredDuringExecution") ?? Enumerable.Empty<Node>())
        {
            if (weighted.Unknown || weighted.Get("PodAffinityTerm") is not { } inner) return false;
            var model = Term(inner, required: false);
            if (model is null) return false;
            model.Anchor = weighted.Location;
            model.Weight = weighted.Int("Weight");
            preferred.Add(model);
        }

        return group.ListKnown("RequiredDuringSchedulingIgnoredDuringExecution") && group.ListKnown("PreferredDuringSchedulingIgnoredDuringExecution");
    }

    private static AffinityTermModel? Term(Node term, bool required)
    {
        if (term.Unknown) return null;
        var model = new AffinityTermModel { Anchor = term.Location, Required = required, TopologyKey = term.String("TopologyKey") };
        var selector = term.Get("LabelSelector");
        if (selector is null) return model;
        model.Selector = Selector(selector);
        return model;
    }

    private static LabelMap Selector(Node selector)
    {
        var map = new LabelMap { Anchor = selector.Location };
        if (selector.Unknown)
        {
            map.Entries.IsComplete = false;
            map.HasExpressions = true;
            return map;
        }

        var labels = selector.Get("MatchLabels");
        if (labels is { Pairs: { } pairs })
        {
            foreach (var (key, value) in pairs)
                map.Entries.Add(new LabelEntry { Key = key, Value = value });
        }
        else if (labels is not null)
        {
            map.Entries.IsComplete = false;
        }

        var expressions = selector.Items("MatchExpressions");
        if (expressions is null && selector.Get("MatchExpressions") is not null) map.HasExpressions = true;
        foreach (var e in expressions ?? Enumerable.Empty<Node>())
        {
            if (e.Unknown) { map.Expressions.IsComplete = false; continue; }
            var requirement = new SelectorRequirement { Anchor = e.Location, Key = e.NonNullString("Key"), Operator = e.String("OperatorProperty") };
            var values = e.Get("Values");
            if (values is { List: { } items })
                foreach (var v in items) requirement.Values.Add(v.Leaf is { } leaf ? Constants.NonNullString(leaf, v.Location) : Val<string>.Unknown(v.Location));
            else if (values is not null)
                requirement.Values.IsComplete = false;
            map.Expressions.Add(requirement);
        }

        if (!selector.ListKnown("MatchExpressions")) map.Expressions.IsComplete = false;
        return map;
    }

    /// <summary>A value written in source: an object initializer, a list, a string map, a leaf operation, or unknown.</summary>
    private sealed class Node
    {
        public Location? Location { get; private set; }

        public string? TypeName { get; private set; }

        public bool Unknown { get; private set; }

        public IOperation? Leaf { get; private set; }

        public List<Node>? List { get; private set; }

        public List<(Val<string> Key, Val<string> Value)>? Pairs { get; private set; }

        private Dictionary<string, Node> Props { get; } = new();

        public bool IsType(string name) => TypeName == name;

        public Node? Get(string property) => Props.TryGetValue(property, out var n) ? n : null;

        public IEnumerable<Node>? Items(string property) => Get(property)?.List;

        /// <summary>The list is absent, or written out in full.</summary>
        public bool ListKnown(string property) => Get(property) is not { } n || n.List is not null;

        public Val<string?> String(string property) =>
            Get(property) is { } n ? (n.Leaf is { } op ? Constants.String(op, n.Location) : Val<string?>.Unknown(n.Location)) : Val<string?>.Of(null, Location);

        public Val<string> NonNullString(string property) =>
            Get(property) is { Leaf: { } op } n ? Constants.NonNullString(op, n.Location) : Val<string>.Unknown(Get(property)?.Location ?? Location);

        public Val<int?> Int(string property) =>
            Get(property) is { } n ? (n.Leaf is { } op ? Constants.NullableInt(op, n.Location) : Val<int?>.Unknown(n.Location)) : Val<int?>.Of(null, Location);

        public static Node? Read(IOperation op)
        {
            op = Constants.Strip(op);
            var node = new Node { Location = op.Syntax.GetLocation() };
            switch (op)
            {
                case IObjectCreationOperation creation when creation.Arguments.Length == 0:
                    node.TypeName = creation.Type?.Name;
                    if (creation.Type is INamedTypeSymbol { IsGenericType: true } generic && (generic.Name == "List" || generic.Name == "Dictionary"))
                        return generic.Name == "List" ? node.ReadList(creation.Initializer) : node.ReadMap(creation.Initializer);
                    if (creation.Initializer is null) return node;
                    foreach (var init in creation.Initializer.Initializers)
                    {
                        if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 0 } p } assignment)
                            node.Props[p.Property.Name] = Read(assignment.Value) ?? Opaque(assignment.Value);
                        else
                            node.Unknown = true;
                    }

                    return node;
                case IArrayCreationOperation { Initializer: { } array }:
                    node.List = array.ElementValues.Select(e => Read(e) ?? Opaque(e)).ToList();
                    return node;
                default:
                    if (Constants.TryGet(op, out _)) { node.Leaf = op; return node; }
                    return Opaque(op);
            }
        }

        private Node ReadList(IObjectOrCollectionInitializerOperation? init)
        {
            List = new List<Node>();
            foreach (var element in init?.Initializers ?? Enumerable.Empty<IOperation>())
            {
                if (element is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add)
                    List.Add(Read(add.Arguments[0].Value) ?? Opaque(add.Arguments[0].Value));
                else
                {
                    List = null;
                    Unknown = true;
                    break;
                }
            }

            return this;
        }

        private Node ReadMap(IObjectOrCollectionInitializerOperation? init)
        {
            Pairs = new List<(Val<string>, Val<string>)>();
            foreach (var element in init?.Initializers ?? Enumerable.Empty<IOperation>())
            {
                switch (element)
                {
                    case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add:
                        Pairs.Add((Constants.NonNullString(add.Arguments[0].Value, Constants.LocationOf(add.Arguments[0].Value)),
                            Constants.NonNullString(add.Arguments[1].Value, Constants.LocationOf(add.Arguments[1].Value))));
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment:
                        Pairs.Add((Constants.NonNullString(indexer.Arguments[0].Value, Constants.LocationOf(indexer.Arguments[0].Value)),
                            Constants.NonNullString(assignment.Value, Constants.LocationOf(assignment.Value))));
                        break;
                    default:
                        Pairs = null;
                        Unknown = true;
                        return this;
                }
            }

            return this;
        }

        private static Node Opaque(IOperation op) => new() { Location = op.Syntax.GetLocation(), Unknown = true };
    }
}
