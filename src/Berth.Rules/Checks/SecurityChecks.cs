using System.Text.RegularExpressions;
using Berth.Rules.Model;

namespace Berth.Rules.Checks;

/// <summary>BERTH106: the pod's and each container's security context, as the API server's validation checks them.</summary>
internal static class SecurityChecks
{
    /// <summary>The largest user or group ID the server accepts (<c>math.MaxInt32</c>).</summary>
    public const long MaxId = 2147483647;

    // The server's sysctl name pattern (validation.SysctlFmt), at most 253 characters.
    private static readonly Regex SysctlName = new("^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant);

    public static void Run(Scope s, AppModel app)
    {
        if (app.Pod.Security is { } pod) Context(s, pod, "spec.template.spec.securityContext", "the pod");
        foreach (var c in Q.Containers(app.Pod))
            if (c.Container.Security is { } context) Context(s, context, c.Path + ".securityContext", c.Display);
    }

    private static void Context(Scope s, SecurityContextModel c, string path, string owner)
    {
        Id(s, c.RunAsUser, path + ".runAsUser", owner, "runAsUser", c.Anchor);
        Id(s, c.RunAsGroup, path + ".runAsGroup", owner, "runAsGroup", c.Anchor);
        Id(s, c.FsGroup, path + ".fsGroup", owner, "fsGroup", c.Anchor);
        for (int i = 0; i < c.SupplementalGroups.Count; i++)
            Id(s, c.SupplementalGroups[i], path + ".supplementalGroups[" + Q.Str(i) + "]", owner, "supplementalGroups", c.Anchor);

        if (Q.IsKnownText(c.FsGroupChangePolicy, out var policy) && policy != "Always" && policy != "OnRootMismatch")
            s.Report(RuleCatalog.InvalidSecurityContext, path + ".fsGroupChangePolicy",
                $"{owner} has fsGroupChangePolicy {Q.Quote(policy)} (Unsupported value; supported values: \"Always\", \"OnRootMismatch\"); use one of those.", c.FsGroupChangePolicy.Anchor, c.Anchor);

        for (int i = 0; i < c.Sysctls.Count; i++)
        {
            var name = c.Sysctls[i];
            if (name.IsKnown && ((name.Value ?? "").Length > 253 || !SysctlName.IsMatch(name.Value ?? "")))
                s.Report(RuleCatalog.InvalidSecurityContext, path + ".sysctls[" + Q.Str(i) + "].name",
                    $"{owner} sets the sysctl {Q.Quote(name.Value)}, which is not a sysctl name (at most 253 lower case letters, digits, '-' and '_' in parts separated by '.' or '/'); use the kernel's name, e.g. \"net.core.somaxconn\".",
                    name.Anchor, c.Anchor);
        }

        if (c.AllowPrivilegeEscalation.IsKnown && c.AllowPrivilegeEscalation.Value == false)
        {
            if (c.Privileged.IsKnown && c.Privileged.Value == true)
                s.Report(RuleCatalog.InvalidSecurityContext, path,
                    $"{owner} sets allowPrivilegeEscalation false and privileged true (\"cannot set `allowPrivilegeEscalation` to false and `privileged` to true\"); a privileged container always can escalate: drop one of them.",
                    c.Privileged.Anchor, c.Anchor);
            foreach (var capability in c.AddedCapabilities)
                if (capability.IsKnown && capability.Value == "CAP_SYS_ADMIN")
                    s.Report(RuleCatalog.InvalidSecurityContext, path,
                        $"{owner} sets allowPrivilegeEscalation false and adds CAP_SYS_ADMIN (\"cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN\"); drop one of them.",
                        capability.Anchor, c.Anchor);
        }

        if (!c.HasSeccompProfile || !c.SeccompType.IsKnown) return;
        var type = c.SeccompType.Value ?? "";
        if (type != "RuntimeDefault" && type != "Unconfined" && type != "Localhost")
            s.Report(RuleCatalog.InvalidSecurityContext, path + ".seccompProfile.type",
                $"{owner} has seccompProfile type {Q.Quote(type)} (" + (type.Length == 0 ? "Required value" : "Unsupported value") + "; supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"); use RuntimeDefault unless the pod needs its own profile.",
                c.SeccompType.Anchor, c.Anchor);
        else if (type == "Localhost" && Q.IsKnownEmpty(c.SeccompLocalhostProfile))
            s.Report(RuleCatalog.InvalidSecurityContext, path + ".seccompProfile.localhostProfile",
                $"{owner} has seccompProfile type Localhost without a localhostProfile (\"must be set when seccomp type is Localhost\"); name the profile file, e.g. \"profiles/app.json\", or use RuntimeDefault.",
                c.SeccompType.Anchor, c.Anchor);
        else if (type != "Localhost" && Q.IsKnownText(c.SeccompLocalhostProfile, out var profile))
            s.Report(RuleCatalog.InvalidSecurityContext, path + ".seccompProfile.localhostProfile",
                $"{owner} has seccompProfile type {type} with localhostProfile {Q.Quote(profile)} (\"can only be set when seccomp type is Localhost\"); remove it, or use type Localhost.",
                c.SeccompLocalhostProfile.Anchor, c.Anchor);
    }

    private static void Id(Scope s, Val<long?> value, string path, string owner, string field, object? anchor)
    {
        if (!value.IsKnown || value.Value is not long id || (id >= 0 && id <= MaxId)) return;
        s.Report(RuleCatalog.InvalidSecurityContext, path,
            $"{owner} has {field} {Q.Str(id)} (\"must be between 0 and 2147483647, inclusive\"); use an ID in that range, e.g. 1000.", value.Anchor, anchor);
    }
}
