using System.Runtime.CompilerServices;

// The rendering tests compare ModelEvents' event stream and quoting with KubernetesYaml's own.
[assembly: InternalsVisibleTo("Berth.Tests")]

// berth import reads YAML exactly as StatefulApp.With does (YamlTree).
[assembly: InternalsVisibleTo("Berth.Cli")]
