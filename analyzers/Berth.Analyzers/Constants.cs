using System;
using System.Globalization;
using System.Text;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Berth.Analyzers;

/// <summary>
/// Reads compile-time constant values out of operations: literals, consts, <c>nameof</c>, enum members,
/// interpolations and concatenations of constants. Anything else is unknown, anchored where it was written.
/// </summary>
internal static class Constants
{
    /// <summary>Removes implicit conversions and built-in explicit ones (not user-defined conversions).</summary>
    public static IOperation Strip(IOperation op)
    {
        while (op is IConversionOperation conv && !conv.Conversion.IsUserDefined)
            op = conv.Operand;
        return op;
    }

    /// <summary>The value of a constant expression; false when it is not constant.</summary>
    public static bool TryGet(IOperation? op, out object? value)
    {
        value = null;
        if (op is null) return false;
        if (op.ConstantValue.HasValue)
        {
            value = op.ConstantValue.Value;
            return true;
        }

        switch (op)
        {
            case IConversionOperation conv when !conv.Conversion.IsUserDefined:
                if (!TryGet(conv.Operand, out var inner)) return false;
                value = ConvertTo(inner, conv.Type);
                return true;
            case IDefaultValueOperation:
                value = null;
                return op.Type is null || op.Type.IsReferenceType || op.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            case IInterpolatedStringOperation interpolated:
                return TryInterpolation(interpolated, out value);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                if (TryGet(add.LeftOperand, out var l) && TryGet(add.RightOperand, out var r))
                {
                    value = Text(l) + Text(r);
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>A string (or null) value.</summary>
    public static Val<string?> String(IOperation? op, Location? anchor)
    {
        if (op is null) return Val<string?>.Of(null, anchor);
        if (TryGet(op, out var v) && (v is null || v is string)) return Val<string?>.Of((string?)v, anchor);
        return Val<string?>.Unknown(anchor);
    }

    /// <summary>A non-null string value (label keys and values).</summary>
    public static Val<string> NonNullString(IOperation? op, Location? anchor)
    {
        if (op is not null && TryGet(op, out var v) && v is string s) return Val<string>.Of(s, anchor);
        return Val<string>.Unknown(anchor);
    }

    /// <summary>An int value.</summary>
    public static Val<int> Int(IOperation? op, Location? anchor)
    {
        if (op is not null && TryGet(op, out var v) && IsIntegral(v)) return Val<int>.Of(unchecked((int)System.Convert.ToInt64(v, CultureInfo.InvariantCulture)), anchor);
        return Val<int>.Unknown(anchor);
    }

    /// <summary>A nullable int value (null when the argument is null or absent).</summary>
    public static Val<int?> NullableInt(IOperation? op, Location? anchor)
    {
        if (op is null) return Val<int?>.Of(null, anchor);
        if (TryGet(op, out var v))
        {
            if (v is null) return Val<int?>.Of(null, anchor);
            if (IsIntegral(v)) return Val<int?>.Of(unchecked((int)System.Convert.ToInt64(v, CultureInfo.InvariantCulture)), anchor);
        }

        return Val<int?>.Unknown(anchor);
    }

    /// <summary>A nullable long value.</summary>
    public static Val<long?> NullableLong(IOperation? op, Location? anchor)
    {
        if (op is null) return Val<long?>.Of(null, anchor);
        if (TryGet(op, out var v))
        {
            if (v is null) return Val<long?>.Of(null, anchor);
            if (IsIntegral(v)) return Val<long?>.Of(System.Convert.ToInt64(v, CultureInfo.InvariantCulture), anchor);
        }

        return Val<long?>.Unknown(anchor);
    }

    /// <summary>A bool value.</summary>
    public static Val<bool> Bool(IOperation? op, Location? anchor)
    {
        if (op is null) return Val<bool>.Of(false, anchor);
        if (TryGet(op, out var v) && v is bool b) return Val<bool>.Of(b, anchor);
        return Val<bool>.Unknown(anchor);
    }

    /// <summary>
    /// The member name of an enum value (null for a null nullable enum); unknown when not constant.
    /// </summary>
    public static Val<string?> EnumName(IOperation? op, Location? anchor)
    {
        if (op is null) return Val<string?>.Of(null, anchor);
        var stripped = Strip(op);
        if (stripped is IFieldReferenceOperation { Field: { ContainingType.TypeKind: TypeKind.Enum, HasConstantValue: true } field })
            return Val<string?>.Of(field.Name, anchor);
        if (!TryGet(stripped, out var v)) return Val<string?>.Unknown(anchor);
        if (v is null) return Val<string?>.Of(null, anchor);
        // The enum type is the one of the argument (a cast or a default value may wrap a plain number).
        var type = EnumType(op.Type) ?? EnumType(stripped.Type);
        if (type is { } enumType)
        {
            foreach (var member in enumType.GetMembers())
                if (member is IFieldSymbol { HasConstantValue: true } f && Equals(f.ConstantValue, v))
                    return Val<string?>.Of(f.Name, anchor);

            // An undefined value, e.g. (PodManagement)7: Enum.ToString() writes the number.
            if (IsIntegral(v)) return Val<string?>.Of(Text(v), anchor);
        }

        return Val<string?>.Unknown(anchor);
    }

    private static INamedTypeSymbol? EnumType(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];
        return type is INamedTypeSymbol { TypeKind: TypeKind.Enum } e ? e : null;
    }

    /// <summary>Where an operation was written: the expression of an explicit argument; null for implicit (default) values.</summary>
    public static Location? LocationOf(IOperation? op)
    {
        if (op is null || op.IsImplicit && op.Syntax is InvocationExpressionSyntax) return null;
        var syntax = op.Syntax;
        if (syntax is ArgumentSyntax arg) syntax = arg.Expression;
        return syntax.GetLocation();
    }

    /// <summary>The location of the method name of an invocation (<c>Replicas</c> in <c>app.Replicas(3)</c>).</summary>
    public static Location NameLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax call)
        {
            switch (call.Expression)
            {
                case MemberAccessExpressionSyntax member: return member.Name.GetLocation();
                case MemberBindingExpressionSyntax binding: return binding.Name.GetLocation();
                case SimpleNameSyntax name: return name.GetLocation();
            }
        }

        return invocation.Syntax.GetLocation();
    }

    private static bool TryInterpolation(IInterpolatedStringOperation interpolated, out object? value)
    {
        value = null;
        var sb = new StringBuilder();
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation text:
                    if (!TryGet(text.Text, out var t)) return false;
                    sb.Append(Text(t));
                    break;
                case IInterpolationOperation { Alignment: null, FormatString: null } hole:
                    if (!TryGet(hole.Expression, out var h)) return false;
                    if (h is not null && !(h is string || h is char || IsIntegral(h))) return false;
                    sb.Append(Text(h));
                    break;
                default:
                    return false;
            }
        }

        value = sb.ToString();
        return true;
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool IsIntegral(object? v) =>
        v is int || v is long || v is short || v is byte || v is sbyte || v is ushort || v is uint || v is char;

    private static object? ConvertTo(object? value, ITypeSymbol? type)
    {
        if (value is null || type is null) return value;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];
        try
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Int32: return System.Convert.ToInt32(value, CultureInfo.InvariantCulture);
                case SpecialType.System_Int64: return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                default: return value;
            }
        }
        catch (OverflowException)
        {
            return value;
        }
        catch (InvalidCastException)
        {
            return value;
        }
    }
}
