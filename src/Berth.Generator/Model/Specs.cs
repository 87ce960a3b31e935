namespace Berth.Generator.Model;

// The pipeline model. Every type here is a sealed record of strings, numbers, booleans and
// EquatableArray<T>: structural equality is what lets the incremental pipeline cache results.
// It must never hold an ISymbol, a SyntaxNode, a SemanticModel, a Compilation or a Location
// (a test walks this graph to enforce it).

/// <summary>One containing type (or the [Manifests] type itself) as it must be re-declared in generated code.</summary>
/// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
/// <param name="Name">The simple name.</param>
/// <param name="TypeParameters">The type parameter list including brackets, e.g. "&lt;T, U&gt;", or empty.</param>
/// <param name="IsPartial">Whether this declaration is partial (generated members can only be added to partial types).</param>
public sealed record TypeDeclSpec(string Keyword, string Name, string TypeParameters, bool IsPartial);

/// <summary>Everything the generator knows about one [Manifests] type.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="ContainingTypes">The containing types, outermost first.</param>
/// <param name="Type">The [Manifests] type.</param>
/// <param name="FullName">The display name used as the set name, e.g. "Shop.Outer.Infra".</param>
/// <param name="QualifiedName">The global::-qualified name used in generated code.</param>
/// <param name="HintName">A unique, file-system safe base name for the generated files.</param>
/// <param name="IsGeneric">The type or a containing type has type parameters: no registry or client.</param>
/// <param name="IsReachable">The type is reachable from assembly-level code (not nested in a private or protected type).</param>
/// <param name="IsPublic">The type is effectively public (the generated client is then public too).</param>
/// <param name="Apps">The apps, in declaration order.</param>
public sealed record ManifestsTypeSpec(
    string Namespace,
    EquatableArray<TypeDeclSpec> ContainingTypes,
    TypeDeclSpec Type,
    string FullName,
    string QualifiedName,
    string HintName,
    bool IsGeneric,
    bool IsReachable,
    bool IsPublic,
    EquatableArray<AppSpec> Apps);

/// <summary>How an app is declared.</summary>
public enum AppMemberKind
{
    /// <summary>A static property.</summary>
    Property,
    /// <summary>A static field.</summary>
    Field,
    /// <summary>A parameterless static method.</summary>
    Method,
    /// <summary>A static method with one enum parameter: one app per enum value.</summary>
    VariantMethod,
}

/// <summary>One variant (environment) value of a variant member.</summary>
/// <param name="EnumMember">The enum member name, e.g. "Prod".</param>
/// <param name="Folder">The output folder and variant name, e.g. "prod".</param>
public sealed record VariantSpec(string EnumMember, string Folder);

/// <summary>A port name with its number, both constant in the source.</summary>
public sealed record PortSpec(string Name, int Number);

/// <summary>One app member of a [Manifests] type.</summary>
/// <param name="MemberName">The member name.</param>
/// <param name="Kind">Property, field, method or variant method.</param>
/// <param name="VariantType">The global::-qualified enum type of a variant method, else empty.</param>
/// <param name="Variants">The variant values of a variant method, in declaration order.</param>
/// <param name="SourceFile">The file that declares the member.</param>
/// <param name="SourceLine">The 1-based line of the member name.</param>
/// <param name="Constants">Names read from constant arguments of the fluent calls in the definition.</param>
/// <param name="Calls">
/// The DSL calls written in the member's body, in source order, packed as the runtime's <c>SourceCallTable</c> reads them:
/// <c>Type.Method:line:column</c> items (the position of the method's name) separated by ';'; empty for none.
/// </param>
public sealed record AppSpec(
    string MemberName,
    AppMemberKind Kind,
    string VariantType,
    EquatableArray<VariantSpec> Variants,
    string SourceFile,
    int SourceLine,
    AppConstants Constants,
    string Calls);

/// <summary>
/// Values the definition states as literals: <c>Named("pg")</c>, <c>InNamespace("data")</c>,
/// <c>Container("pg", …)</c>, <c>InitContainer(…)</c>, <c>Port("pg", 5432)</c>, <c>VolumeClaim("data", …)</c>.
/// A value that differs between calls (for example per variant) is left out.
/// </summary>
public sealed record AppConstants(
    string? AppName,
    string? Namespace,
    EquatableArray<string> Containers,
    EquatableArray<string> InitContainers,
    EquatableArray<PortSpec> Ports,
    EquatableArray<string> Claims)
{
    /// <summary>Whether any constant was found.</summary>
    public bool IsEmpty => AppName is null && Namespace is null && Containers.Count == 0 && InitContainers.Count == 0 && Ports.Count == 0 && Claims.Count == 0;
}

/// <summary>What the registry needs: names, kinds and source positions of the apps.</summary>
public sealed record RegistrySpec(string FullName, string QualifiedName, string HintName, EquatableArray<RegistryEntrySpec> Entries);

/// <summary>One registry entry (one per app, or one per variant value).</summary>
public sealed record RegistryEntrySpec(string MemberName, string? Variant, string SourceFile, int SourceLine, string CreateExpression, string Calls);

/// <summary>What the typed identities need; no source positions, so moving code does not regenerate them.</summary>
public sealed record IdentitySpec(
    string Namespace,
    EquatableArray<TypeDeclSpec> ContainingTypes,
    TypeDeclSpec Type,
    string HintName,
    EquatableArray<AppIdentitySpec> Apps);

/// <summary>The typed identity of one app.</summary>
public sealed record AppIdentitySpec(string MemberName, AppConstants Constants);

/// <summary>What the typed client needs.</summary>
public sealed record ClientSpec(
    string Namespace,
    string ClientName,
    string SetName,
    string QualifiedName,
    string HintName,
    bool IsPublic,
    EquatableArray<ClientAppSpec> Apps);

/// <summary>One app as the client exposes it.</summary>
public sealed record ClientAppSpec(string MemberName, AppMemberKind Kind, string VariantType);

/// <summary>The parts of Berth.Client the compilation has, or null when it has none.</summary>
/// <param name="ApplyAllReturnType">The global::-qualified return type of <c>BerthClient.ApplyAllAsync</c>, or empty when it has none.</param>
/// <param name="ApplyOptionsType">The global::-qualified type of its options parameter.</param>
public sealed record BerthClientInfo(string ApplyAllReturnType, string ApplyOptionsType);
