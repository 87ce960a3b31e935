# Sourced by benchmarks/run.sh and benchmarks/analyzer/run.sh: issue 11's realistic app (benchmarks/shared/BenchApps.cs
# Realistic, which the writer part runs: change both together) written out as C# source, so that the analyzers and the
# generator read each app's chain.
#
#   realistic_apps FIRST END FORM   prints the members for apps FIRST..END-1, FORM being "=>" (an expression-bodied
#                                   property) or "{ get; } =" (a property with an initializer)
realistic_apps() {
  local first=$1 end=$2 form=$3 i
  for ((i = first; i < end; i++)); do
    printf '    public static StatefulApp App%05d %s StatefulApp.Named("app-%05d").Replicas(3)\n' "$i" "$form" "$i"
    printf '        .Container("server", "registry.example/server:1.%d", c => c.Port("http", 8080).Readiness(Probe.Http("/ready", "http"))\n' $((i % 7))
    printf '            .Requests(cpu: "250m", memory: "512Mi").Limits(cpu: "1", memory: "1Gi").Mount("data", "/var/lib/app"))\n'
    printf '        .VolumeClaim("data", "1Gi", AccessMode.ReadWriteOnce);\n'
  done
}
