namespace Berth.Generator;

/// <summary>
/// The tracking names of the incremental pipeline steps (<c>WithTrackingName</c>), for tests that assert
/// which steps ran after an edit.
/// </summary>
public static class TrackingNames
{
    /// <summary>The [Manifests] types, parsed into <see cref="Model.ManifestsTypeSpec"/>.</summary>
    public const string ManifestsTypes = nameof(ManifestsTypes);

    /// <summary>The registry model of each type (with source positions).</summary>
    public const string Registries = nameof(Registries);

    /// <summary>The project directory (<c>build_property.MSBuildProjectDirectory</c>), to record source files relative to it.</summary>
    public const string ProjectDirectory = nameof(ProjectDirectory);

    /// <summary>The registry models with source files relative to the project directory.</summary>
    public const string RegistriesWithProjectPaths = nameof(RegistriesWithProjectPaths);

    /// <summary>The typed identity model of each type (without source positions).</summary>
    public const string Identities = nameof(Identities);

    /// <summary>The typed client model of each type.</summary>
    public const string Clients = nameof(Clients);

    /// <summary>Whether the compilation references Berth.Client, and the shape of its ApplyAllAsync.</summary>
    public const string BerthClientInfo = nameof(BerthClientInfo);

    /// <summary>The client models combined with <see cref="BerthClientInfo"/>.</summary>
    public const string ClientsWithBerthClient = nameof(ClientsWithBerthClient);
}
