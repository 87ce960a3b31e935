using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Berth.Client.Internal;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client;

public sealed partial class StatefulAppClient
{
    /// <summary>
    /// The ControllerRevisions owned by the StatefulSet (matched by owner uid), oldest first, each with its images
    /// and what changed from the previous revision, field by field.
    /// </summary>
    public async Task<RevisionHistory> HistoryAsync(CancellationToken cancellationToken = default)
    {
        var set = await Api.GetStatefulSetAsync(Namespace, Name, cancellationToken).ConfigureAwait(false);
        var (revisions, _) = await LoadRevisionsAsync(set, withPods: true, cancellationToken).ConfigureAwait(false);
        return new RevisionHistory { Name = Name, Namespace = Namespace, Revisions = revisions };
    }

    private async Task<(List<RevisionInfo> Infos, Dictionary<long, V1ControllerRevision> Raw)> LoadRevisionsAsync(V1StatefulSet set, bool withPods, CancellationToken ct)
    {
        var selector = PodFacts.SelectorString(set.Spec.Selector);
        var owned = (await Api.ListRevisionsAsync(Namespace, selector, ct).ConfigureAwait(false))
            .Where(r => r.Metadata.OwnerReferences?.Any(o => o.Uid == set.Metadata.Uid) == true)
            .OrderBy(r => r.Revision ?? 0)
            .ToList();
        var podsByRevision = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (withPods)
        {
            foreach (var (_, pod) in PodFacts.PodsOf(set, await Api.ListPodsAsync(Namespace, selector, ct).ConfigureAwait(false)))
            {
                if (PodFacts.Revision(pod) is { } r)
                    (podsByRevision.TryGetValue(r, out var l) ? l : podsByRevision[r] = new List<string>()).Add(pod.Metadata.Name);
            }
        }

        var infos = new List<RevisionInfo>();
        JsonObject? previous = null;
        foreach (var revision in owned)
        {
            var template = TemplateOf(revision);
            var changes = previous is null || template is null ? new List<FieldChange>() : ManifestComparer.Compare(previous, template, "spec.template");
            infos.Add(new RevisionInfo
            {
                Number = revision.Revision ?? 0,
                Name = revision.Metadata.Name,
                Created = revision.Metadata.CreationTimestamp is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
                Images = Images(template),
                Template = template is null ? null : KubeApi.FromJson<V1PodTemplateSpec>(template),
                Changes = changes,
                ChangeSummary = Summarize(changes),
                IsCurrent = revision.Metadata.Name == set.Status?.CurrentRevision,
                IsUpdate = revision.Metadata.Name == set.Status?.UpdateRevision,
                Pods = podsByRevision.TryGetValue(revision.Metadata.Name, out var pods) ? pods.OrderBy(p => PodFacts.Ordinal(Name, p)).ToList() : new List<string>(),
            });
            previous = template ?? previous;
        }

        return (infos, owned.ToDictionary(r => r.Revision ?? 0));
    }

    /// <summary>The pod template stored in a revision (its data is the patch <c>{"spec":{"template":{...,"$patch":"replace"}}}</c>).</summary>
    private static JsonObject? TemplateOf(V1ControllerRevision revision)
    {
        var data = RevisionData(revision);
        if (data?["spec"]?["template"] is not JsonObject template)
            return null;
        var copy = template.DeepClone().AsObject();
        copy.Remove("$patch");
        if (copy["metadata"] is JsonObject meta)
            meta.Remove("creationTimestamp");
        return copy;
    }

    private static JsonObject? RevisionData(V1ControllerRevision revision) => revision.Data switch
    {
        null => null,
        JsonElement e => JsonNode.Parse(e.GetRawText()) as JsonObject,
        JsonNode n => n as JsonObject,
        string s => JsonNode.Parse(s) as JsonObject,
        var other => JsonNode.Parse(JsonSerializer.Serialize(other)) as JsonObject,
    };

    private static Dictionary<string, string> Images(JsonObject? template)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (list, prefix) in new[] { ("initContainers", "init:"), ("containers", string.Empty) })
        {
            if (template?["spec"]?[list] is not JsonArray containers)
                continue;
            foreach (var c in containers.OfType<JsonObject>())
            {
                if (c["name"]?.ToString() is { } name)
                    images[prefix + name] = c["image"]?.ToString() ?? string.Empty;
            }
        }

        return images;
    }

    /// <summary>"image web: a -> b; env web.FOO added; 2 other field(s)".</summary>
    internal static string Summarize(IReadOnlyList<FieldChange> changes)
    {
        if (changes.Count == 0)
            return string.Empty;
        var parts = new List<string>();
        var rest = 0;
        foreach (var c in changes)
        {
            var path = c.Path.StartsWith("spec.template.", StringComparison.Ordinal) ? c.Path["spec.template.".Length..] : c.Path;
            var container = System.Text.RegularExpressions.Regex.Match(path, @"^spec\.(?:init)?[cC]ontainers\[([^\]]+)\]\.(.*)$");
            if (container.Success)
            {
                var (name, field) = (container.Groups[1].Value, container.Groups[2].Value);
                if (field == "image")
                {
                    parts.Add($"image {name}: {Unquote(c.Before)} -> {Unquote(c.After)}");
                    continue;
                }

                var env = System.Text.RegularExpressions.Regex.Match(field, @"^env\[([^\]]+)\]");
                if (env.Success)
                {
                    parts.Add($"env {name}.{env.Groups[1].Value} {c.Kind.ToString().ToLowerInvariant()}");
                    continue;
                }

                if (field.StartsWith("resources", StringComparison.Ordinal) || field.StartsWith("args", StringComparison.Ordinal) || field.StartsWith("command", StringComparison.Ordinal))
                {
                    parts.Add($"{name}.{field}: {c.Before ?? "(none)"} -> {c.After ?? "(none)"}");
                    continue;
                }
            }

            if (path.StartsWith("metadata.annotations", StringComparison.Ordinal) || path.StartsWith("metadata.labels", StringComparison.Ordinal))
            {
                parts.Add($"{path} {c.Kind.ToString().ToLowerInvariant()}");
                continue;
            }

            rest++;
        }

        var distinct = parts.Distinct().ToList();
        if (rest > 0)
            distinct.Add($"{rest} other field(s)");
        return string.Join("; ", distinct);
    }

    private static string? Unquote(string? json) => json is { Length: >= 2 } && json[0] == '"' ? JsonSerializer.Deserialize<string>(json) : json;

    /// <summary>
    /// Restores the pod template of a revision, as <c>kubectl rollout undo</c> does for StatefulSets: the
    /// revision's stored template is patched onto the set (strategic merge, replacing the template). Without
    /// <paramref name="toRevision"/>, the previous revision (the one before the newest). Skipped when the template
    /// already matches. With <see cref="ChangeOptions.Wait"/> and <see cref="RolloutOptions.FixStuckRollout"/>, pods
    /// left stuck by a broken revision are deleted so the rollback converges.
    /// </summary>
    public async Task<UndoResult> UndoAsync(long? toRevision = null, ChangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var set = await Api.GetStatefulSetAsync(Namespace, Name, ct).ConfigureAwait(false);
        var (infos, raw) = await LoadRevisionsAsync(set, withPods: false, ct).ConfigureAwait(false);
        RevisionInfo target;
        if (toRevision is null or 0)
        {
            if (infos.Count < 2)
                throw new BerthClientException($"{SetRef} has no previous revision to roll back to (revisions: {string.Join(", ", infos.Select(i => i.Number))})", SetRef.ToString());
            target = infos[^2];
        }
        else
        {
            target = infos.FirstOrDefault(i => i.Number == toRevision)
                     ?? throw new BerthClientException($"{SetRef} has no revision {toRevision}; revisions: {string.Join(", ", infos.Select(i => i.Number))}", SetRef.ToString());
        }

        var from = infos.FirstOrDefault(i => i.IsUpdate)?.Number;
        var liveTemplate = JsonTools.Normalize(new JsonObject { ["spec"] = new JsonObject { ["template"] = KubeApi.ToJson(set.Spec.Template) } })["spec"]!["template"]!.AsObject();
        liveTemplate["metadata"]?.AsObject().Remove("creationTimestamp");
        var wanted = TemplateOf(raw[target.Number]) ?? throw new BerthClientException($"{SetRef}: revision {target.Number} ({target.Name}) holds no pod template", SetRef.ToString());
        var changes = ManifestComparer.Compare(liveTemplate, wanted, "spec.template");
        if (changes.Count == 0)
        {
            return new UndoResult
            {
                Name = Name,
                Namespace = Namespace,
                ToRevision = target.Number,
                FromRevision = from,
                Skipped = true,
                Message = $"{SetRef}: skipped rollback (current template already matches revision {target.Number})",
                Rollout = await MaybeWaitAsync(options, AppliedTemplate.Of(set), ct).ConfigureAwait(false),
            };
        }

        var data = RevisionData(raw[target.Number])!;
        var updated = await Api.PatchStatefulSetAsync(Namespace, Name, data.ToJsonString(), V1Patch.PatchType.StrategicMergePatch, $"roll back to revision {target.Number} of", ct).ConfigureAwait(false);
        Logger.LogInformation("{Object}: rolled back to revision {Revision} ({Summary})", SetRef, target.Number, Summarize(changes));
        return new UndoResult
        {
            Name = Name,
            Namespace = Namespace,
            ToRevision = target.Number,
            FromRevision = from,
            Changes = changes,
            Message = $"{SetRef}: rolled back to revision {target.Number} ({Summarize(changes)})",
            Applied = AppliedTemplate.Of(updated),
            Rollout = await MaybeWaitAsync(options, AppliedTemplate.Of(updated), ct).ConfigureAwait(false),
        };
    }
}
