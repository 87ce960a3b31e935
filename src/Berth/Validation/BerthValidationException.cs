using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules;

namespace Berth;

/// <summary>Thrown when an invalid definition is rendered; lists every error, each naming the object, the field and the fix.</summary>
public sealed class BerthValidationException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    public BerthValidationException(IReadOnlyList<RuleViolation> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>The errors.</summary>
    public IReadOnlyList<RuleViolation> Errors { get; }

    private static string Describe(IReadOnlyList<RuleViolation> errors) =>
        $"{errors.Count} error(s) in the manifests:" + Environment.NewLine +
        string.Join(Environment.NewLine, errors.Select(e => $"  {e.Id}: {e.Message} ({e.ObjectName}, {e.Field})"));
}
