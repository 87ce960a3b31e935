using System.Collections.Generic;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>
/// A <c>Berth.StatefulApp</c> as the analyzer reads it: the app-level state the DSL's own steps build (<see cref="AppSpec"/>,
/// filled through <see cref="StepTable"/>), the containers of the lambdas passed to <c>Container</c>/<c>InitContainer</c>
/// (built by the DSL's container steps, through the same table), plus what the reader follows itself: the <c>Customize</c> edits and the places it stopped following the definition.
/// </summary>
internal sealed class AppState
{
    private AppState(AppSpec spec) => Spec = spec;

    /// <summary>The app-level state, as the runtime's steps build it.</summary>
    public AppSpec Spec { get; }

    /// <summary>The app name.</summary>
    public Val<string?> Name => Spec.Name;

    /// <summary>The containers, as the steps of <see cref="ContainerSteps"/> build them.</summary>
    public List<ContainerModel> Containers { get; set; } = new();

    public bool ContainersComplete { get; set; } = true;

    public List<ContainerModel> InitContainers { get; set; } = new();

    public bool InitContainersComplete { get; set; } = true;

    /// <summary>
    /// The <c>Customize(...)</c> edits, in order: they run on the built objects, after every DSL step, so they are
    /// applied to the model <see cref="Build"/> makes.
    /// </summary>
    public List<CustomizeEdit> Customizations { get; } = new();

    /// <summary>Places where the analyzer stops following the definition (BERTH080), with what it no longer checks.</summary>
    public List<(Location Location, string Message)> Notes { get; } = new();

    /// <summary>Starts a definition: <c>StatefulApp.Named(name)</c>.</summary>
    public static AppState Named(Val<string?> name, Location anchor) => new(AppSteps.Named(name, anchor));

    /// <summary>An app of which nothing is known (a parameter, a member in metadata, an unknown call).</summary>
    public static AppState Unknown(Location? anchor) => new(AppSpec.Unknown(anchor))
    {
        ContainersComplete = false,
        InitContainersComplete = false,
    };

    /// <summary>The objects the app writes, as the rule model: the StatefulSet, its Services and its budget.</summary>
    public AppResult Build()
    {
        var containers = new ItemList<ContainerModel> { IsComplete = ContainersComplete };
        foreach (var c in Containers) containers.Add(ContainerSteps.InList(c, init: false));
        var initContainers = new ItemList<ContainerModel> { IsComplete = InitContainersComplete };
        foreach (var c in InitContainers) initContainers.Add(ContainerSteps.InList(c, init: true));

        var derived = Spec.Derive(containers, initContainers);
        var result = new AppResult
        {
            Anchor = Spec.Anchor as Location,
            App = derived.App,
            ServicesKnown = derived.Services.IsComplete,
            BudgetsKnown = derived.Budgets.IsComplete,
        };
        result.Services.AddRange(derived.Services);
        result.Budgets.AddRange(derived.Budgets);
        result.Notes.AddRange(Notes);
        foreach (var edit in Customizations)
        {
            CustomizeEffects.Apply(result, edit);
            if (edit.Unfollowed.Count > 0) result.Notes.Add((edit.Anchor, AnalysisLimits.Customize(Name, edit)));
        }

        return result;
    }
}

/// <summary>The rule model of one app: its StatefulSet, its Services and its budget.</summary>
internal sealed class AppResult
{
    public Location? Anchor { get; set; }

    public AppModel App { get; set; } = new();

    public List<ServiceModel> Services { get; } = new();

    /// <summary>False when the app may write Services the analyzer cannot see.</summary>
    public bool ServicesKnown { get; set; } = true;

    public List<BudgetModel> Budgets { get; } = new();

    public bool BudgetsKnown { get; set; } = true;

    /// <summary>True when the whole built objects are handed to code the analyzer cannot follow (<c>Customize</c>).</summary>
    public bool Opaque { get; set; }

    /// <summary>Where the analyzer stopped following the definition (BERTH080), with the message.</summary>
    public List<(Location Location, string Message)> Notes { get; } = new();

    /// <summary>The app alone, with its own Services and budget.</summary>
    public ManifestSetModel ToSet()
    {
        var set = new ManifestSetModel();
        set.Apps.Add(App);
        set.Services.AddRange(Services);
        set.Services.IsComplete = ServicesKnown;
        set.Budgets.AddRange(Budgets);
        set.Budgets.IsComplete = BudgetsKnown;
        return set;
    }
}
