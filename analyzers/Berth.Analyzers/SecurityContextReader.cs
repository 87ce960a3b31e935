using System.Linq;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>
/// Reads the argument of <c>ContainerSpec.SecurityContext(...)</c> when it is written as an object initializer of the
/// KubernetesClient model (<c>new V1SecurityContext { RunAsUser = 999, Capabilities = new V1Capabilities { Add = ... } }</c>):
/// the fields the model holds (those the runtime's ModelMapper maps) become values anchored where they are written, a field
/// that is not a constant becomes unknown. Anything else (a variable, a method call) is a context of which nothing is known.
/// </summary>
internal static class SecurityContextReader
{
    /// <summary>The security context the argument sets; null for a null argument.</summary>
    public static SecurityContextModel? Read(IOperation? argument, Location at)
    {
        if (argument is null || Constants.TryGet(argument, out var constant) && constant is null) return null;
        var location = Constants.LocationOf(argument) ?? at;
        if (Constants.Strip(argument) is not IObjectCreationOperation { Arguments.Length: 0, Type.Name: "V1SecurityContext" } creation)
            return ContainerSteps.UnknownSecurityContext(location);

        var model = new SecurityContextModel { Anchor = location };
        foreach (var init in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
        {
            if (init is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 0 } property } assignment)
                return ContainerSteps.UnknownSecurityContext(location);
            var value = assignment.Value;
            var anchor = Constants.LocationOf(value) ?? location;
            switch (property.Property.Name)
            {
                case "RunAsUser": model.RunAsUser = Constants.NullableLong(value, anchor); break;
                case "RunAsGroup": model.RunAsGroup = Constants.NullableLong(value, anchor); break;
                case "RunAsNonRoot": model.RunAsNonRoot = NullableBool(value, anchor); break;
                case "ReadOnlyRootFilesystem": model.ReadOnlyRootFilesystem = NullableBool(value, anchor); break;
                case "Privileged": model.Privileged = NullableBool(value, anchor); break;
                case "AllowPrivilegeEscalation": model.AllowPrivilegeEscalation = NullableBool(value, anchor); break;
                case "Capabilities": Capabilities(model, value); break;
                case "SeccompProfile": Seccomp(model, value, anchor); break;
            }
        }

        return model;
    }

    private static Val<bool?> NullableBool(IOperation value, Location anchor) =>
        Constants.TryGet(value, out var v) && (v is null || v is bool) ? Val<bool?>.Of((bool?)v, anchor) : Val<bool?>.Unknown(anchor);

    private static void Capabilities(SecurityContextModel model, IOperation value)
    {
        if (Constants.TryGet(value, out var v) && v is null) return;
        if (Constants.Strip(value) is not IObjectCreationOperation { Arguments.Length: 0, Type.Name: "V1Capabilities" } creation)
        {
            model.AddedCapabilities.IsComplete = model.DroppedCapabilities.IsComplete = false;
            return;
        }

        foreach (var init in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
        {
            if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Add" or "Drop", Arguments.Length: 0 } property } assignment)
                Strings(property.Property.Name == "Add" ? model.AddedCapabilities : model.DroppedCapabilities, assignment.Value);
            else
                model.AddedCapabilities.IsComplete = model.DroppedCapabilities.IsComplete = false;
        }
    }

    /// <summary>A list of strings written out (<c>new[] { ... }</c>, <c>new List&lt;string&gt; { ... }</c>); incomplete otherwise.</summary>
    private static void Strings(ItemList<Val<string?>> target, IOperation value)
    {
        target.Clear();
        switch (Constants.Strip(value))
        {
            case IArrayCreationOperation { Initializer: { } array }:
                foreach (var e in array.ElementValues) target.Add(Constants.String(e, Constants.LocationOf(e)));
                return;
            case IObjectCreationOperation { Initializer: { } list } when list.Initializers.All(i => i is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 }):
                foreach (IInvocationOperation add in list.Initializers)
                    target.Add(Constants.String(add.Arguments[0].Value, Constants.LocationOf(add.Arguments[0].Value)));
                return;
            default:
                if (!(Constants.TryGet(value, out var v) && v is null)) target.IsComplete = false;
                return;
        }
    }

    private static void Seccomp(SecurityContextModel model, IOperation value, Location anchor)
    {
        if (Constants.TryGet(value, out var v) && v is null) return;
        model.HasSeccompProfile = true;
        if (Constants.Strip(value) is not IObjectCreationOperation { Arguments.Length: 0, Type.Name: "V1SeccompProfile" } creation)
        {
            model.SeccompType = Val<string?>.Unknown(anchor);
            model.SeccompLocalhostProfile = Val<string?>.Unknown(anchor);
            return;
        }

        model.SeccompType = Val<string?>.Of(null, anchor);
        foreach (var init in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
        {
            if (init is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 0 } property } assignment)
            {
                var at = Constants.LocationOf(assignment.Value) ?? anchor;
                if (property.Property.Name == "Type") model.SeccompType = Constants.String(assignment.Value, at);
                else if (property.Property.Name == "LocalhostProfile") model.SeccompLocalhostProfile = Constants.String(assignment.Value, at);
            }
            else
            {
                model.SeccompType = Val<string?>.Unknown(anchor);
                model.SeccompLocalhostProfile = Val<string?>.Unknown(anchor);
            }
        }
    }
}
