namespace Berth.Rules;

/// <summary>How serious a rule is.</summary>
public enum RuleSeverity
{
    /// <summary>Advisory.</summary>
    Info,
    /// <summary>Applies, but misbehaves or breaks a strong best practice.</summary>
    Warning,
    /// <summary>The API server rejects it, or the controller can never create the pods or claims.</summary>
    Error,
}

/// <summary>What a rule needs to see to decide.</summary>
public enum RuleScope
{
    /// <summary>The app with its own objects (its Services, its budget).</summary>
    App,
    /// <summary>Other objects of the manifest set too (a Service or app declared elsewhere): checked against every app.</summary>
    CrossObject,
    /// <summary>The live object on the cluster: reported by the client, not by the rule engine.</summary>
    LiveObject,
    /// <summary>The C# declaration of a <c>[Manifests]</c> type: reported by the analyzers, not by the rule engine.</summary>
    Declaration,
    /// <summary>How far the analyzers could follow a definition: reported by the analyzers about their own reach, not by the rule engine.</summary>
    AnalyzerReach,
    /// <summary>The project's committed lock file (berth.lock.json): checked against it by the build step and the analyzers, not by the rule engine.</summary>
    LockFile,
    /// <summary>
    /// What the definitions read from outside the assembly (environment variables, files) against the inputs the project
    /// declares to the build step (<c>@(BerthInput)</c>): reported by the analyzers at the end of a compilation, not by the rule engine.
    /// </summary>
    BuildInputs,
}

/// <summary>One rule of the catalog: the same ID, title and text at compile time and at build time.</summary>
public sealed class Rule
{
    /// <summary>Base of the help links: one page per ID under docs/diagnostics.</summary>
    public const string HelpLinkBase = "https://github.com/berth-k8s/berth/blob/main/docs/diagnostics/";

    /// <summary>Creates a rule.</summary>
    public Rule(string id, string title, RuleSeverity severity, string category, string description, RuleScope scope = RuleScope.App)
    {
        Id = id;
        Title = title;
        Severity = severity;
        Category = category;
        Description = description;
        Scope = scope;
    }

    /// <summary>The ID, e.g. BERTH003.</summary>
    public string Id { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    /// <summary>The default severity.</summary>
    public RuleSeverity Severity { get; }

    /// <summary>The category: Correctness, Reliability, Hygiene, Security, Build.</summary>
    public string Category { get; }

    /// <summary>One or two sentences on why it matters.</summary>
    public string Description { get; }

    /// <summary>What the rule needs to see: the app alone, other objects too, or the live object.</summary>
    public RuleScope Scope { get; }

    /// <summary>The help page of the rule.</summary>
    public string HelpLink => HelpLinkBase + Id + ".md";

    /// <inheritdoc/>
    public override string ToString() => Id + ": " + Title;
}

/// <summary>A rule that fired: the rule, the object and field, a message that names the fix, and where.</summary>
public sealed class RuleViolation
{
    /// <summary>Creates a violation.</summary>
    public RuleViolation(Rule rule, string objectName, string field, string message, object? anchor)
    {
        Rule = rule;
        ObjectName = objectName;
        Field = field;
        Message = message;
        Anchor = anchor;
    }

    /// <summary>The rule.</summary>
    public Rule Rule { get; }

    /// <summary>The object, e.g. "statefulset/postgres" or "postgres".</summary>
    public string ObjectName { get; }

    /// <summary>The field path, e.g. "spec.template.spec.containers[db].ports[0].containerPort".</summary>
    public string Field { get; }

    /// <summary>The full message: object, problem and fix.</summary>
    public string Message { get; }

    /// <summary>Front-end specific location of the offending value; may be null.</summary>
    public object? Anchor { get; }

    /// <summary>The ID of the rule.</summary>
    public string Id => Rule.Id;

    /// <summary>The severity of the rule.</summary>
    public RuleSeverity Severity => Rule.Severity;

    /// <inheritdoc/>
    public override string ToString() => Severity.ToString().ToLowerInvariant() + " " + Id + ": " + Message;
}
