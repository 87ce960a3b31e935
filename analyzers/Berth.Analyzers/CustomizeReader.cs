using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>What one <c>Customize(...)</c> call edits, as read from its lambda.</summary>
internal sealed class CustomizeEdit
{
    public CustomizeEdit(Location anchor) => Anchor = anchor;

    /// <summary>The <c>Customize</c> name of the call.</summary>
    public Location Anchor { get; }

    /// <summary>
    /// The edited parts of <c>AppManifests</c>, as member paths from the lambda parameter (<c>StatefulSet.Spec.Replicas</c>;
    /// <c>[]</c> stands for any element of a list or dictionary). An empty path is the whole <c>AppManifests</c>.
    /// </summary>
    public List<EditedPath> Paths { get; } = new();

    /// <summary>
    /// The code the analyzer cannot follow that receives part of the objects (a method called with it, a delegate
    /// that is not a lambda written here); empty when the lambda was read completely.
    /// </summary>
    public List<string> Unfollowed { get; } = new();

    /// <summary>True when the whole <c>AppManifests</c> may change.</summary>
    public bool Everything => Paths.Any(p => p.Path.Length == 0);
}

/// <summary>One edited member path; <see cref="AddOnly"/> when the edit only adds items to the list at the path.</summary>
internal readonly struct EditedPath
{
    public EditedPath(string path, bool addOnly, bool handedOut)
    {
        Path = path;
        AddOnly = addOnly;
        HandedOut = handedOut;
    }

    public string Path { get; }

    public bool AddOnly { get; }

    /// <summary>True when the path reaches code the analyzer cannot follow (so the edit is a guess).</summary>
    public bool HandedOut { get; }
}

/// <summary>
/// Reads the lambda passed to <c>Customize</c>: every member path of the built objects it assigns, or changes
/// through a collection method, is an edit. A path the lambda hands to code the analyzer does not follow (a method
/// argument, a field, a lambda of another API) counts as edited as a whole, and is named in BERTH080.
/// </summary>
internal static class CustomizeReader
{
    /// <summary>Collection methods that only add items.</summary>
    private static readonly HashSet<string> Adders = new(StringComparer.Ordinal) { "Add", "AddRange", "Insert", "InsertRange", "TryAdd" };

    /// <summary>Collection methods that change the collection.</summary>
    private static readonly HashSet<string> Mutators = new(StringComparer.Ordinal)
    {
        "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "Clear", "Sort", "Reverse",
    };

    /// <summary>Methods that read their receiver (or first argument) and return no part of it.</summary>
    private static readonly HashSet<string> Readers = new(StringComparer.Ordinal)
    {
        "Contains", "ContainsKey", "ContainsValue", "TryGetValue", "Any", "All", "Count", "Exists", "IndexOf", "FindIndex",
        "FindLastIndex", "Equals", "GetHashCode", "ToString", "SequenceEqual", "Max", "Min", "Sum",
    };

    /// <summary>Methods that return elements of their receiver (or first argument) or the same elements again.</summary>
    private static readonly HashSet<string> ElementAccessors = new(StringComparer.Ordinal)
    {
        "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault", "ElementAt", "ElementAtOrDefault", "Find", "FindLast",
    };

    /// <summary>Methods whose result is the same elements as their receiver (or first argument).</summary>
    private static readonly HashSet<string> Views = new(StringComparer.Ordinal)
    {
        "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Skip", "Take", "SkipWhile", "TakeWhile", "ToList", "ToArray",
        "AsEnumerable", "FindAll", "Distinct", "Values", "Keys",
    };

    /// <summary>Methods that take a lambda over the elements of their receiver and return none of them.</summary>
    private static readonly HashSet<string> ElementLambdas = new(StringComparer.Ordinal) { "ForEach" };

    public static CustomizeEdit Read(IInvocationOperation customize, IOperation? argument)
    {
        var edit = new CustomizeEdit(Constants.NameLocation(customize));
        if (argument is null
            || Constants.Strip(argument) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            || lambda.Symbol.Parameters.Length != 1)
        {
            edit.Paths.Add(new EditedPath(string.Empty, addOnly: false, handedOut: true));
            edit.Unfollowed.Add("an edit that is not a lambda written in the call");
            return edit;
        }

        var walker = new Walker(edit, lambda.Symbol.Parameters[0]);
        foreach (var op in lambda.Body.Descendants())
            walker.Visit(op);
        return edit;
    }

    private sealed class Walker
    {
        private readonly CustomizeEdit _edit;
        private readonly Dictionary<ISymbol, string> _aliases = new(SymbolEqualityComparer.Default);

        public Walker(CustomizeEdit edit, IParameterSymbol root)
        {
            _edit = edit;
            _aliases[root] = string.Empty;
        }

        public void Visit(IOperation op)
        {
            switch (op)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when PathOf(value) is { } declared:
                    _aliases[declarator.Symbol] = declared;
                    return;
                case IForEachLoopOperation loop when PathOf(loop.Collection) is { } collection:
                    foreach (var local in loop.Locals) _aliases[local] = collection + "[]";
                    return;
                case IInvocationOperation call when Receiver(call) is { } receiver && PathOf(receiver) is { } over && SeesElements(call.TargetMethod.Name):
                    // The lambdas of a reader or a view see the elements of the path.
                    foreach (var argument in call.Arguments)
                    {
                        if (Constants.Strip(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation inner } && inner.Symbol.Parameters.Length >= 1)
                            _aliases[inner.Symbol.Parameters[0]] = over + "[]";
                    }

                    break;
            }

            if (PathOf(op) is not { } path || Continues(op)) return;
            Classify(op, path);
        }

        private static bool SeesElements(string name) =>
            Readers.Contains(name) || ElementAccessors.Contains(name) || Views.Contains(name) || ElementLambdas.Contains(name);

        /// <summary>Where a complete path expression is used: an edit, a read, or a hand-over to other code.</summary>
        private void Classify(IOperation op, string path)
        {
            var (user, child) = User(op);
            switch (user)
            {
                case IAssignmentOperation assignment when ReferenceEquals(assignment.Target, child):
                case IIncrementOrDecrementOperation increment when ReferenceEquals(increment.Target, child):
                    Edit(path, addOnly: false);
                    return;
                case IAssignmentOperation { Target: ILocalReferenceOperation local }:
                    _aliases[local.Local] = path;
                    return;
                case IAssignmentOperation assignment when PathOf(assignment.Target) is not null:
                    // One part of the objects now shares another: both change together.
                    Edit(path, addOnly: false);
                    return;
                case IVariableInitializerOperation:
                case IForEachLoopOperation:
                    return;
            }

            if (op.Type is { } type && (type.IsValueType || type.SpecialType == SpecialType.System_String)) return; // a value read
            switch (user)
            {
                case IInvocationOperation call when ReferenceEquals(Receiver(call), child):
                {
                    var name = call.TargetMethod.Name;
                    if (Adders.Contains(name)) Edit(path, addOnly: true);
                    else if (Mutators.Contains(name)) Edit(path, addOnly: false);
                    else if (!Readers.Contains(name) && !ElementLambdas.Contains(name)) HandOut(path, "is passed to " + Describe(call.TargetMethod));
                    return;
                }

                case IInvocationOperation call:
                    HandOut(path, "is passed to " + Describe(call.TargetMethod));
                    return;
                case IObjectCreationOperation creation:
                    HandOut(path, "is passed to new " + creation.Type?.Name);
                    return;
                case IBinaryOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case IConditionalAccessOperation:
                case IExpressionStatementOperation:
                    return;
                default:
                    HandOut(path, "is used in " + Describe(user));
                    return;
            }
        }

        private void Edit(string path, bool addOnly) => _edit.Paths.Add(new EditedPath(path, addOnly, handedOut: false));

        /// <summary>The path goes where the analyzer does not follow it; <paramref name="how"/> completes "m.X ...": "is passed to F(...)".</summary>
        private void HandOut(string path, string how)
        {
            _edit.Paths.Add(new EditedPath(path, addOnly: false, handedOut: true));
            var text = AnalysisLimits.Display(path) + " " + how;
            if (!_edit.Unfollowed.Contains(text)) _edit.Unfollowed.Add(text);
        }

        private static string Describe(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name + "(...)";

        /// <summary>
        /// Code that uses a path in a way the analyzer does not read: code that does not compile, or the expression as written
        /// (shortened), so that the message says where (the message goes on with "which the analyzer does not follow").
        /// </summary>
        private static string Describe(IOperation? user)
        {
            if (user is null or IInvalidOperation) return "code that does not compile";
            var text = string.Join(" ", user.Syntax.ToString().Split(new[] { ' ', '\t', '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
            return "\"" + (text.Length <= 60 ? text : text.Substring(0, 57) + "...") + "\"";
        }

        /// <summary>The operation that uses <paramref name="op"/> (past implicit conversions, parentheses and the argument node) and the direct child it uses.</summary>
        private static (IOperation? User, IOperation Child) User(IOperation op)
        {
            var child = op;
            var parent = op.Parent;
            while (parent is IConversionOperation { Conversion.IsUserDefined: false } or IParenthesizedOperation)
            {
                child = parent;
                parent = parent.Parent;
            }

            return parent is IArgumentOperation argument ? (argument.Parent, child) : (parent, child);
        }

        /// <summary>True when <paramref name="op"/> is the start of a longer path (a member of it is read).</summary>
        private bool Continues(IOperation op)
        {
            var (user, child) = User(op);
            return user switch
            {
                IPropertyReferenceOperation p => ReferenceEquals(p.Instance, child),
                IFieldReferenceOperation f => ReferenceEquals(f.Instance, child),
                IArrayElementReferenceOperation a => ReferenceEquals(a.ArrayReference, child),
                IConditionalAccessOperation c => ReferenceEquals(c.Operation, child),
                IInvocationOperation call => ReferenceEquals(Receiver(call), child)
                    && (ElementAccessors.Contains(call.TargetMethod.Name) || Views.Contains(call.TargetMethod.Name)),
                _ => false,
            };
        }

        /// <summary>The member path of <paramref name="op"/> from the lambda parameter, or null when it is not one.</summary>
        private string? PathOf(IOperation? op)
        {
            switch (op)
            {
                case null:
                    return null;
                case IConversionOperation { Conversion.IsUserDefined: false } conversion:
                    return PathOf(conversion.Operand);
                case IParenthesizedOperation parenthesized:
                    return PathOf(parenthesized.Operand);
                case IParameterReferenceOperation p:
                    return _aliases.TryGetValue(p.Parameter, out var a) ? a : null;
                case ILocalReferenceOperation l:
                    return _aliases.TryGetValue(l.Local, out var b) ? b : null;
                case IPropertyReferenceOperation { Instance: { } instance } property:
                    return PathOf(instance) is { } pp ? Join(pp, property.Arguments.Length > 0 ? "[]" : property.Property.Name) : null;
                case IFieldReferenceOperation { Instance: { } instance } field:
                    return PathOf(instance) is { } fp ? Join(fp, field.Field.Name) : null;
                case IArrayElementReferenceOperation array:
                    return PathOf(array.ArrayReference) is { } ap ? ap + "[]" : null;
                case IConditionalAccessOperation access:
                    return PathOf(access.WhenNotNull);
                case IConditionalAccessInstanceOperation instance:
                    for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
                    {
                        if (parent is IConditionalAccessOperation owner) return PathOf(owner.Operation);
                    }

                    return null;
                case IInvocationOperation call when Receiver(call) is { } receiver && PathOf(receiver) is { } over:
                    if (ElementAccessors.Contains(call.TargetMethod.Name)) return over + "[]";
                    if (Views.Contains(call.TargetMethod.Name)) return over;
                    return null;
                default:
                    return null;
            }
        }

        private static IOperation? Receiver(IInvocationOperation call) =>
            call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

        private static string Join(string path, string member) => member == "[]" ? path + "[]" : path.Length == 0 ? member : path + "." + member;
    }
}
