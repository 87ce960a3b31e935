using System;

namespace Berth.Registry;

/// <summary>
/// One app of a <see cref="ManifestsAttribute"/> type, as listed by the generated registry. The build step and
/// the CLI read these entries from the built assembly and run <see cref="Create"/> to get the definition.
/// </summary>
/// <param name="SetName">The full name of the [Manifests] type, e.g. "MyCompany.Infra".</param>
/// <param name="MemberName">The member that defines the app, e.g. "Postgres".</param>
/// <param name="Variant">The variant (environment) name, or null for a member without variants.</param>
/// <param name="SourceFile">The source file that declares the member, for error messages; may be null.</param>
/// <param name="SourceLine">The 1-based line of the member in <paramref name="SourceFile"/>, or 0.</param>
/// <param name="Create">Runs the user's definition.</param>
/// <param name="Calls">
/// The DSL calls written in the member's body, where the build step reports a finding about a value one of them set; null
/// when not recorded (findings are then reported at the member).
/// </param>
public sealed record ManifestEntry(string SetName, string MemberName, string? Variant, string? SourceFile, int SourceLine, Func<StatefulApp> Create, SourceCallTable? Calls = null);

/// <summary>
/// Emitted by the source generator on the assembly, once per [Manifests] type: names the generated registry
/// class, which has a public static <c>Entries</c> property of type <c>IReadOnlyList&lt;ManifestEntry&gt;</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class ManifestRegistryAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public ManifestRegistryAttribute(Type registryType) => RegistryType = registryType;

    /// <summary>The generated registry class.</summary>
    public Type RegistryType { get; }
}
