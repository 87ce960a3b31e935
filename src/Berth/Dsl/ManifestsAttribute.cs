using System;

namespace Berth;

/// <summary>
/// Marks a type whose public static <see cref="StatefulApp"/> properties, fields and parameterless methods
/// are the apps of one manifest set. The source generator writes a registry, typed identities and a typed
/// client for it; the build writes one YAML file per app.
/// A member that takes a single enum parameter declares variants (environments): one output folder per enum value.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ManifestsAttribute : Attribute
{
}
