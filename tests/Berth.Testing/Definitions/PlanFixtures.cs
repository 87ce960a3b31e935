using System;
using Berth;
using Berth.Registry;

namespace Berth.Testing;

/// <summary>
/// Small definitions and registry entries for the tests of the manifest plan and the writer: an app without findings
/// and a <see cref="ManifestEntry"/> as the generator would register it.
/// </summary>
public static class PlanFixtures
{
    /// <summary>A finished app (probe, requests and limits, claim, node spreading) in <paramref name="ns"/>, or in none.</summary>
    public static StatefulApp App(string name, string? ns = "data") =>
        (ns is null ? StatefulApp.Named(name) : StatefulApp.Named(name).InNamespace(ns))
            .Replicas(3)
            .Container(name, "busybox:1.36", c => c
                .Port("http", 8080)
                .Requests(cpu: "10m", memory: "16Mi").Limits(memory: "32Mi")
                .Readiness(Probe.Tcp("http"))
                .Mount("data", "/data"))
            .VolumeClaim("data", "1Gi")
            .SpreadAcrossNodes();

    /// <summary>The registry entry of member <paramref name="member"/> of <paramref name="set"/>, declared in <c>/src/&lt;set&gt;.cs</c>.</summary>
    public static ManifestEntry Entry(string set, string member, Func<StatefulApp> create, string? variant = null, int line = 7) =>
        new(set, member, variant, "/src/" + set + ".cs", line, create);
}
