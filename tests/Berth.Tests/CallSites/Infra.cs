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

    /// <summary>Container values only the build step knows.</summary>
    public static int BadPort() => 70000 + "".Length;

    public static string Memory() => "512" + "MB".ToString();

    public static string Spaced() => " busybox:1.36" + "".ToString();

    public static int Period() => -1 + "".Length;

    public static StatefulApp InContainer => StatefulApp.Named("in-container")
        .Container("main", Spaced(), c => c
            .Port("web", BadPort())
            .Requests(cpu: "250m", memory: Memory()))
        .Replicas(2);

    public static StatefulApp TwoContainers => StatefulApp.Named("two")
        .Container("a", "busybox:1.36", c => c.Port("a", 8080))
        .InitContainer("init", "busybox:1.36", c => c.Port("init", 9090).AsSidecar())
        .Container("b", "busybox:1.36", c => c.Port("b", BadPort()));

    public static StatefulApp Changed => StatefulApp.Named("changed")
        .Container("main", "busybox:1.36", c => c.Requests(memory: "1Gi"))
        .Replicas(2)
        .WithContainer("main", c => c.Requests(memory: Memory()));

    public static StatefulApp Probed => StatefulApp.Named("probed")
        .Container("main", "busybox:1.36", c => c.Port("web", 8080).Readiness(Probe.Tcp("web").Every(Period())));

    public static StatefulApp ContainerHelped => StatefulApp.Named("container-helped")
        .Container("main", "busybox:1.36", WithBadPort);

    private static ContainerSpec WithBadPort(ContainerSpec c) => c.Port("web", BadPort());

    public static StatefulApp Customized => StatefulApp.Named("customized")
        .Container("main", "busybox:1.36", c => c.Port("web", 8080))
        .Customize(m => m.StatefulSet.Spec!.Template!.Spec!.Containers![0].Ports![0].ContainerPort = BadPort());
}
