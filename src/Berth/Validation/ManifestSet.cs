using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules;
using Berth.Rules.Model;

namespace Berth;

/// <summary>
/// Several apps checked and rendered together, so that cross-object rules (a serviceName that names
/// another app's Service, a budget that selects nothing) see every object.
/// </summary>
public sealed class ManifestSet
{
    private readonly IReadOnlyList<StatefulApp> _apps;

    /// <summary>Creates a set.</summary>
    public ManifestSet(IEnumerable<StatefulApp> apps) => _apps = apps.ToArray();

    /// <summary>The apps.</summary>
    public IReadOnlyList<StatefulApp> Apps => _apps;

    /// <summary>
    /// The Kubernetes version the apps target (e.g. "1.29"; BerthKubernetesVersion in a project), or null for none. With one,
    /// the version rules (BERTH100–BERTH102) check the fields against it, and the objects are built with the API versions it
    /// serves (see <c>KubernetesVersions</c> in Berth.Rules).
    /// </summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>Builds every app.</summary>
    public IReadOnlyList<AppManifests> Build()
    {
        var target = TargetVersion(KubernetesVersion);
        return _apps.Select(a => a.Build(target)).ToArray();
    }

    /// <summary>The version to build for: null when none is given or it is not understood (validation reports BERTH102 then).</summary>
    internal static Version? TargetVersion(string? text) => text is not null && KubernetesVersions.TryParse(text, out var version) ? version : null;

    /// <summary>Checks every app against the rule catalog: errors, warnings and advice, in app order.</summary>
    public IReadOnlyList<RuleViolation> Validate() => Validate(Build());

    /// <summary>Renders every app to YAML (one multi-document string per app), refusing any error.</summary>
    /// <exception cref="BerthValidationException">When any app has errors.</exception>
    public IReadOnlyList<(StatefulApp App, string Yaml)> Render()
    {
        var built = Build();
        ThrowOnErrors(Validate(built));
        return _apps.Select((app, i) => (app, ManifestYaml.Serialize(built[i]))).ToArray();
    }

    internal IReadOnlyList<RuleViolation> Validate(IReadOnlyList<AppManifests> built)
    {
        var model = new ManifestSetModel { KubernetesVersion = KubernetesVersion };
        for (var i = 0; i < built.Count; i++)
            ModelMapper.Add(model, built[i], _apps[i]);
        return RuleEngine.Check(model);
    }

    /// <summary>
    /// Checks apps already built (<paramref name="built"/>: one per app, in order, e.g. a manifest plan's
    /// <see cref="Planning.PlannedApp.Manifests"/>) with the version rules only (BERTH100–BERTH102) against
    /// <see cref="KubernetesVersion"/>: for apps whose other findings are known (the client checks a validated app
    /// against the server's version this way), without building or checking them again.
    /// </summary>
    /// <param name="built">The built objects of the apps, in the order of <see cref="Apps"/>.</param>
    public IReadOnlyList<RuleViolation> ValidateVersions(IReadOnlyList<AppManifests> built)
    {
        ArgumentNullException.ThrowIfNull(built);
        var model = new ManifestSetModel { KubernetesVersion = KubernetesVersion };
        for (var i = 0; i < built.Count; i++)
            ModelMapper.Add(model, built[i], _apps[i]);
        return RuleEngine.CheckVersions(model);
    }

    internal static void ThrowOnErrors(IReadOnlyList<RuleViolation> violations)
    {
        var errors = violations.Where(v => v.Severity == RuleSeverity.Error).ToArray();
        if (errors.Length > 0) throw new BerthValidationException(errors);
    }
}
