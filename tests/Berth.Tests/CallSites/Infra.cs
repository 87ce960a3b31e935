// Definitions built by the real generator (this project references it as an analyzer), for the tests of where the build
// step reports a finding (CallSiteTests). The tests name lines and columns of this file: add lines at the end only.
using System;
using System.Collections.Generic;
using Berth;

namespace CallSites;

[Manifests]
public static partial class Infra
{
    /// <summary>A size only the build step knows (the analyzers cannot read a call).</summary>
    public static string Size() => "10" + "GB".ToString();

    /// <summary>The claim size of <see cref="Locked"/>, changed by the lock test.</summary>
    public static string LockedSize { get; set; } = "1Gi";

    public static StatefulApp Computed => StatefulApp.Named("computed")
        .Replicas(2)
        .Container("main", "busybox:1.36")
        .VolumeClaim("data", Size());

    public static StatefulApp Looped
    {
        get
        {
            var app = StatefulApp.Named("looped").Container("main", "busybox:1.36");
            foreach (var name in new[] { "data", "logs" })
                app = app.VolumeClaim(name, Size());
            return app;
        }
    }

    public static StatefulApp Helped => WithClaim(StatefulApp.Named("helped").Container("main", "busybox:1.36"));

    private static StatefulApp WithClaim(StatefulApp app) => app.VolumeClaim("data", Size());

    public static StatefulApp Locked => StatefulApp.Named("locked").Container("main", "busybox:1.36")
        .Label("tier", "db").Label("team", Team())
        .VolumeClaim("data", LockedSize);

    private static string Team() => "Not a label value!";
}
