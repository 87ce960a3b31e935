using System.Runtime.CompilerServices;

// The build-time writer (src/Berth.Writer, shipped in the same package at the same version) validates the
// objects it has already built (ManifestSet.Validate(IReadOnlyList<AppManifests>)) instead of building
// every app a second time.
[assembly: InternalsVisibleTo("Berth.Writer")]
