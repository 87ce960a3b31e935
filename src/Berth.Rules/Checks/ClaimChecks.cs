using System;
using System.Collections.Generic;
using System.Linq;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>Checks of volume claim templates, pod volumes and the mounts that reference them.</summary>
internal static class ClaimChecks
{
    private static readonly string[] AccessModes = { "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod" };

    public static void Run(Scope s, AppModel app)
    {
        ClaimTemplates(s, app);
        Volumes(s, app);
        MountTargets(s, app);
        UnmountedClaims(s, app);
    }

    private static void ClaimTemplates(Scope s, AppModel app)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < app.ClaimTemplates.Count; i++)
        {
            var c = app.ClaimTemplates[i];
            var known = Q.IsKnownText(c.Name, out var name);
            var path = "spec.volumeClaimTemplates[" + (known ? name : Q.Str(i)) + "]";
            var display = known ? "claim template " + Q.Quote(name) : "claim template #" + Q.Str(i + 1);

            if (Q.IsKnownEmpty(c.Name))
                s.Report(RuleCatalog.InvalidClaimTemplateName, path + ".metadata.name",
                    $"{display} has no name (\"Required value\"); name it after its mount, e.g. \"data\".", c.Name.Anchor, c.Anchor);
            else if (known && !KubeNames.IsDns1123Label(name, out var reason))
                s.Report(RuleCatalog.InvalidClaimTemplateName, path + ".metadata.name",
                    $"{display} has an invalid name ({reason}); it becomes a pod volume name and part of each claim name, so use lower case letters, digits and '-', e.g. {Q.Quote(Q.SuggestLabel(name))}.", c.Name.Anchor, c.Anchor);
            else if (known && !seen.Add(name))
                s.Report(RuleCatalog.DuplicateClaimTemplateNames, path + ".metadata.name",
                    $"declares two claim templates named {Q.Quote(name)}; they collapse into one pod volume and one of them is silently lost; rename or remove one.", c.Name.Anchor, c.Anchor);

            // Access modes.
            var modes = c.AccessModes;
            if (modes.IsComplete && modes.Count == 0)
                s.Report(RuleCatalog.ClaimTemplateMissingAccessModes, path + ".spec.accessModes",
                    $"{display} has no access mode (\"at least 1 access mode is required\"); the StatefulSet applies but no claim can be created; add one, usually ReadWriteOnce.", modes.Anchor, c.Anchor);
            bool rwop = false;
            foreach (var m in modes)
            {
                if (!m.IsKnown) continue;
                if (m.Value == "ReadWriteOncePod") rwop = true;
                if (Array.IndexOf(AccessModes, m.Value) < 0)
                    s.Report(RuleCatalog.InvalidClaimTemplateSpec, path + ".spec.accessModes",
                        $"{display} has the access mode {Q.Quote(m.Value)} (Unsupported value; supported values: \"ReadWriteOnce\", \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOncePod\"); use one of those, usually ReadWriteOnce.", m.Anchor, c.Anchor);
            }
            if (rwop && modes.Count > 1)
                s.Report(RuleCatalog.InvalidClaimTemplateSpec, path + ".spec.accessModes",
                    $"{display} combines ReadWriteOncePod with other access modes (\"may not use ReadWriteOncePod with other access modes\"); use ReadWriteOncePod alone.", modes.Anchor, c.Anchor);

            if (Q.IsKnownText(c.StorageClass, out var sc) && !KubeNames.IsDns1123Subdomain(sc, out var scReason))
                s.Report(RuleCatalog.InvalidClaimTemplateSpec, path + ".spec.storageClassName",
                    $"{display} uses the storage class {Q.Quote(sc)}, which is not a valid class name ({scReason}); use the class name as `kubectl get storageclass` shows it.", c.StorageClass.Anchor, c.Anchor);
            // An optional pointer field: the server checks any value written, the empty string included.
            if (c.VolumeMode.IsKnown && c.VolumeMode.Value is { } vm && vm != "Filesystem" && vm != "Block")
                s.Report(RuleCatalog.InvalidClaimTemplateSpec, path + ".spec.volumeMode",
                    $"{display} has volumeMode {Q.Quote(vm)} (Unsupported value; supported values: \"Block\", \"Filesystem\"); use Filesystem (the default) or Block.", c.VolumeMode.Anchor, c.Anchor);

            // Storage request.
            var st = c.Storage;
            var storageField = path + ".spec.resources.requests.storage";
            if (Q.IsKnownEmpty(st))
                s.Report(RuleCatalog.ClaimTemplateMissingStorage, storageField,
                    $"{display} requests no storage (\"Required value\"); the StatefulSet applies but no claim can be created; request a size, e.g. \"20Gi\".", st.Anchor, c.Anchor);
            else if (st.IsKnown)
            {
                var text = st.Value!;
                if (!Quantity.TryParseNanos(text, out var nanos, out var error))
                {
                    var fix = Quantity.SuggestFix(text);
                    s.Report(RuleCatalog.MalformedQuantity, storageField,
                        $"{display} requests storage {Q.Quote(text)}, which is not a Kubernetes quantity ({error}); "
                        + (fix != null ? $"use {Q.Quote(fix)}." : "write a size such as \"20Gi\" or \"500Mi\"."), st.Anchor, c.Anchor);
                }
                else if (nanos.Sign <= 0)
                    s.Report(RuleCatalog.ClaimTemplateMissingStorage, storageField,
                        $"{display} requests storage {Q.Quote(text)} (\"must be greater than zero\"); request a positive size, e.g. \"20Gi\".", st.Anchor, c.Anchor);
            }
        }
    }

    private static void Volumes(Scope s, AppModel app)
    {
        var volumes = app.Pod.Volumes;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var claims = new HashSet<string>(app.ClaimTemplates.Where(c => Q.IsKnownText(c.Name, out _)).Select(c => c.Name.Value!), StringComparer.Ordinal);
        for (int i = 0; i < volumes.Count; i++)
        {
            var v = volumes[i];
            var known = Q.IsKnownText(v.Name, out var name);
            var path = "spec.template.spec.volumes[" + (known ? name : Q.Str(i)) + "]";
            var display = known ? "volume " + Q.Quote(name) : "volume #" + Q.Str(i + 1);
            if (Q.IsKnownEmpty(v.Name))
                s.Report(RuleCatalog.InvalidPodVolume, path + ".name",
                    $"{display} has no name (\"Required value\"); name it so a container can mount it.", v.Name.Anchor, v.Anchor);
            else if (known && !KubeNames.IsDns1123Label(name, out var reason))
                s.Report(RuleCatalog.InvalidPodVolume, path + ".name",
                    $"{display} has an invalid name ({reason}); use lower case letters, digits and '-', e.g. {Q.Quote(Q.SuggestLabel(name))}.", v.Name.Anchor, v.Anchor);
            else if (known && !seen.Add(name))
                s.Report(RuleCatalog.InvalidPodVolume, path + ".name",
                    $"declares two volumes named {Q.Quote(name)} (\"Duplicate value\"); rename or remove one.", v.Name.Anchor, v.Anchor);
            else if (known && claims.Contains(name))
                s.Report(RuleCatalog.ClaimTemplateShadowsVolume, path + ".name",
                    $"{display} has the name of a claim template; the controller replaces it with the claim, so this volume is silently ignored; rename the volume, or drop it if the claim is what you want.", v.Name.Anchor, v.Anchor);

            if (v.SourceCount.IsKnown && v.SourceCount.Value == 0)
                s.Report(RuleCatalog.InvalidPodVolume, path,
                    $"{display} has no source (\"must specify a volume type\"); use emptyDir, configMap, secret or another source.", v.SourceCount.Anchor, v.Anchor);
            else if (v.SourceCount.IsKnown && v.SourceCount.Value > 1)
                s.Report(RuleCatalog.InvalidPodVolume, path,
                    $"{display} has {Q.Str(v.SourceCount.Value)} sources (\"may not specify more than 1 volume type\"); keep exactly one.", v.SourceCount.Anchor, v.Anchor);
            if (Q.IsKnownText(v.SizeLimit, out var sizeLimit) && Quantity.TryParse(sizeLimit, out var size, out _) && size < 0)
                s.Report(RuleCatalog.InvalidPodVolume, path + ".emptyDir.sizeLimit",
                    $"{display} has emptyDir sizeLimit {Q.Quote(sizeLimit)} (\"SizeLimit field must be a valid resource quantity\": not negative); use a positive size such as 1Gi, or no limit.", v.SizeLimit.Anchor, v.Anchor);
            foreach (var mode in v.FileModes)
                if (mode.IsKnown && mode.Value is int m && (m < 0 || m > MaxFileMode))
                    s.Report(RuleCatalog.InvalidPodVolume, path,
                        $"{display} sets the file mode {Q.Str(m)} (\"must be a number between 0 and 0777 (octal), both inclusive\"); write the mode in octal, e.g. Convert.ToInt32(\"644\", 8) (420).", mode.Anchor, v.Anchor);
        }
    }

    /// <summary>The largest file mode the server accepts: 0777.</summary>
    private const int MaxFileMode = 511;

    private static void MountTargets(Scope s, AppModel app)
    {
        var pod = app.Pod;
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool allKnown = pod.Volumes.IsComplete && app.ClaimTemplates.IsComplete;
        foreach (var v in pod.Volumes)
            if (v.Name.IsKnown) { if (v.Name.Value != null) names.Add(v.Name.Value); }
            else allKnown = false;
        foreach (var c in app.ClaimTemplates)
            if (c.Name.IsKnown) { if (c.Name.Value != null) names.Add(c.Name.Value); }
            else allKnown = false;

        foreach (var c in Q.Containers(pod))
        {
            var mounts = c.Container.Mounts;
            for (int i = 0; i < mounts.Count; i++)
            {
                var m = mounts[i];
                var field = c.Path + ".volumeMounts[" + Q.Str(i) + "].name";
                if (Q.IsKnownEmpty(m.Name))
                {
                    s.Report(RuleCatalog.MountReferencesUnknownVolume, field,
                        $"{c.Display} has a volume mount without a volume name (\"Required value\"); name the volume or claim template to mount.", m.Name.Anchor, m.Anchor);
                    continue;
                }
                if (!Q.IsKnownText(m.Name, out var name) || names.Contains(name) || !allKnown) continue;
                s.Report(RuleCatalog.MountReferencesUnknownVolume, field,
                    $"{c.Display} mounts {Q.Quote(name)}, but no volume or claim template named {Q.Quote(name)} exists; add a volume or a claim template named {Q.Quote(name)}, or fix the mount name.",
                    m.Name.Anchor, m.Anchor);
            }
        }
    }

    private static void UnmountedClaims(Scope s, AppModel app)
    {
        var pod = app.Pod;
        if (!pod.Containers.IsComplete || !pod.InitContainers.IsComplete) return;
        var mounted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Q.Containers(pod))
        {
            if (!c.Container.Mounts.IsComplete) return;
            foreach (var m in c.Container.Mounts)
            {
                if (!m.Name.IsKnown) return;
                if (m.Name.Value != null) mounted.Add(m.Name.Value);
            }
        }
        for (int i = 0; i < app.ClaimTemplates.Count; i++)
        {
            var c = app.ClaimTemplates[i];
            if (!Q.IsKnownText(c.Name, out var name) || mounted.Contains(name)) continue;
            // Block-mode claims are used through volumeDevices, which the model does not carry.
            if (!c.VolumeMode.IsKnown || c.VolumeMode.Value == "Block") continue;
            s.Report(RuleCatalog.ClaimTemplateNotMounted, "spec.volumeClaimTemplates[" + name + "]",
                $"claim template {Q.Quote(name)} is not mounted by any container, so every pod gets a claim that nothing uses; mount it, e.g. .Mount({Q.Quote(name)}, \"/data\"), or remove the claim template.",
                c.Name.Anchor, c.Anchor);
        }
    }
}
