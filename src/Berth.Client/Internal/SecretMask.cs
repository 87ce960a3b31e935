using System.Linq;
using System.Text.Json.Nodes;

namespace Berth.Client.Internal;

/// <summary>
/// Hides a Secret's values in a diff, as <c>kubectl diff</c> does: every value of <c>data</c> and <c>stringData</c>
/// becomes <c>***</c>, or <c>*** (before)</c> and <c>*** (after)</c> when it changes, so a diff shows which keys change
/// without printing a credential.
/// </summary>
internal static class SecretMask
{
    public static bool IsSecret(string apiVersion, string kind) => apiVersion == "v1" && kind == "Secret";

    /// <summary>Masked copies of the live and the desired Secret (both without status noise).</summary>
    public static (JsonObject? Before, JsonObject After) Mask(JsonObject? before, JsonObject after)
    {
        var maskedBefore = before?.DeepClone().AsObject();
        var maskedAfter = after.DeepClone().AsObject();
        foreach (var field in new[] { "data", "stringData" })
        {
            var b = maskedBefore?[field] as JsonObject;
            var a = maskedAfter[field] as JsonObject;
            foreach (var key in (b?.Select(p => p.Key) ?? Enumerable.Empty<string>()).Union(a?.Select(p => p.Key) ?? Enumerable.Empty<string>()).ToList())
            {
                var changed = b?[key] is { } old && a?[key] is { } now && !JsonNode.DeepEquals(old, now);
                if (b is not null && b.ContainsKey(key))
                    b[key] = changed ? "*** (before)" : "***";
                if (a is not null && a.ContainsKey(key))
                    a[key] = changed ? "*** (after)" : "***";
            }
        }

        return (maskedBefore, maskedAfter);
    }
}
