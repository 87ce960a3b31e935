using System.Linq;
using Berth.Rules.Model;
using Microsoft.CodeAnalysis;

namespace Berth.Analyzers;

/// <summary>The messages of BERTH080: where the analyzer stops following a definition, and what it no longer checks.</summary>
internal static class AnalysisLimits
{
    /// <summary>A <c>Customize</c> edit that hands parts of the objects to code the analyzer does not follow.</summary>
    public static string Customize(Val<string?> app, CustomizeEdit edit)
    {
        var handed = edit.Paths.Where(p => p.HandedOut).Select(p => p.Path).Distinct().ToList();
        var what = edit.Everything
            ? "nothing of the app is checked while you type"
            : string.Join(", ", handed.Select(Display)) + (handed.Count == 1 ? " (and everything in it) is" : " (and everything in them) are") + " no longer checked while you type";
        return Name(app) + ": " + string.Join("; ", edit.Unfollowed) + ", which the analyzer does not follow, so " + what
            + " (the build step still checks it); to keep it checked, assign the fields in the Customize lambda itself.";
    }

    /// <summary>A call in the chain that is not a DSL method: the analyzer knows nothing of the app after it.</summary>
    public static string Call(Val<string?> app, IMethodSymbol method) =>
        Name(app) + ": " + method.ContainingType.Name + "." + method.Name + "(...) is not a Berth DSL method, so the analyzer does not follow it, and what the app had before it is no longer checked"
        + " while you type (the build step still checks it; the steps after it are checked); to keep it checked, write the steps in the chain, or start the chain from a static StatefulApp member that holds them (Base.Replicas(3)).";

    /// <summary>A container configured by something other than a lambda written in the call (a method group, a delegate).</summary>
    public static string Configure(Val<string?> app, Val<string?> container) =>
        Name(app) + ": " + Container(container) + " is configured by code the analyzer does not follow (not a lambda written in the call), so nothing of that container is checked"
        + " while you type (the build step still checks it); to keep it checked, write its steps in a lambda here (c => c.Port(...)...).";

    /// <summary>A call in a container's lambda that is not a DSL method.</summary>
    public static string ContainerCall(Val<string?> app, Val<string?> container, IMethodSymbol method) =>
        Name(app) + ": " + method.ContainingType.Name + "." + method.Name + "(...) is not a Berth DSL method, so the analyzer does not follow it, and what "
        + Container(container) + " had before it is no longer checked while you type (the build step still checks it; the steps after it are checked); to keep it checked, write the steps in the lambda.";

    /// <summary>A call in a probe's chain that is not a DSL method.</summary>
    public static string ProbeCall(Val<string?> app, IMethodSymbol method) =>
        Name(app) + ": " + method.ContainingType.Name + "." + method.Name + "(...) is not a Berth DSL method, so the analyzer does not follow it, and the probe"
        + " it returns is not checked while you type (the build step still checks it); to keep it checked, write the probe with Probe's own methods.";

    /// <summary>A member path as written in the lambda: <c>m.StatefulSet.Spec.Template</c>.</summary>
    public static string Display(string path) => "m" + (path.Length == 0 ? string.Empty : "." + path).Replace(".[]", "[]").Replace("[]", "[...]");

    private static string Container(Val<string?> name) => name.IsKnown && name.Value is not null ? "container \"" + name.Value + "\"" : "the container";

    private static string Name(Val<string?> app) => app.IsKnown && !string.IsNullOrEmpty(app.Value) ? app.Value! : "(app)";
}
