namespace Berth.Client;

/// <summary>A field of a live StatefulSet that the desired definition changes but the server cannot change in place.</summary>
/// <param name="Field">The field path, e.g. <c>spec.volumeClaimTemplates[data].spec.resources.requests.storage</c>.</param>
/// <param name="Current">The live value (compact JSON; <c>(none)</c> when absent).</param>
/// <param name="Desired">The desired value (compact JSON; <c>(none)</c> when absent).</param>
public sealed record ImmutableFieldChange(string Field, string Current, string Desired)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field}: current {Current}, desired {Desired}";
}
