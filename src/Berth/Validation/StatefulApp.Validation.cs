using System.Collections.Generic;
using Berth.Rules;

namespace Berth;

public sealed partial record StatefulApp
{
    /// <summary>
    /// Checks the built objects against the rule catalog (the same rules the analyzers run at compile time):
    /// errors, warnings and advice, each naming the object, the field and the fix.
    /// </summary>
    public IReadOnlyList<RuleViolation> Validate() => new ManifestSet(new[] { this }).Validate();

    /// <summary>Renders the app to multi-document YAML in apply order.</summary>
    /// <exception cref="BerthValidationException">When the definition has errors; it lists all of them.</exception>
    public string ToYaml() => new ManifestSet(new[] { this }).Render()[0].Yaml;
}
