using Berth.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Berth.Generator;

/// <summary>
/// Finds <c>[Berth.Manifests]</c> types and generates, per type: a registry of its apps (read by the build
/// step that writes the YAML), typed identity constants per app, and a typed client when the compilation
/// references Berth.Client. Reports no diagnostics: the Berth analyzers do, including BERTH095 (a type it cannot add
/// identities to: not partial) and BERTH096 (a type it writes no registry or client for: generic, or nested in a private type).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ManifestsGenerator : IIncrementalGenerator
{
    /// <summary>The metadata name of the marker attribute.</summary>
    public const string ManifestsAttributeName = "Berth.ManifestsAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var types = context.SyntaxProvider
            .ForAttributeWithMetadataName(ManifestsAttributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.ManifestsTypes);

        // Source files are recorded relative to the project, so that built assemblies do not carry the
        // absolute paths of the machine that built them (the build step runs in the project directory).
        var projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.MSBuildProjectDirectory", out var directory) ? directory : string.Empty)
            .WithTrackingName(TrackingNames.ProjectDirectory);

        var registries = types
            .Select(static (spec, _) => Parser.ToRegistry(spec))
            .WithTrackingName(TrackingNames.Registries)
            .Combine(projectDirectory)
            .Select(static (pair, _) => Parser.RelativeToProject(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.RegistriesWithProjectPaths);
        // The registry is read by the build step only; no user code refers to it, so the IDE may skip it.
        context.RegisterImplementationSourceOutput(registries, static (spc, spec) =>
        {
            if (spec is not null)
                spc.AddSource(spec.HintName + ".Registry.g.cs", Emitter.EmitRegistry(spec));
        });

        var identities = types
            .Select(static (spec, _) => Parser.ToIdentities(spec))
            .WithTrackingName(TrackingNames.Identities);
        context.RegisterSourceOutput(identities, static (spc, spec) =>
        {
            if (spec is not null)
                spc.AddSource(spec.HintName + ".Identities.g.cs", Emitter.EmitIdentities(spec));
        });

        // A cheap projection of the compilation: equal between edits, so nothing downstream reruns.
        var berthClient = context.CompilationProvider
            .Select(static (compilation, _) => Parser.ReadBerthClient(compilation))
            .WithTrackingName(TrackingNames.BerthClientInfo);

        var clients = types
            .Select(static (spec, _) => Parser.ToClient(spec))
            .WithTrackingName(TrackingNames.Clients)
            .Combine(berthClient)
            .WithTrackingName(TrackingNames.ClientsWithBerthClient);
        context.RegisterSourceOutput(clients, static (spc, pair) =>
        {
            var (spec, info) = pair;
            if (spec is not null && info is not null)
                spc.AddSource(spec.HintName + ".Client.g.cs", Emitter.EmitClient(spec, info));
        });
    }
}
