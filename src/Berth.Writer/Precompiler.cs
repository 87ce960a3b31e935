using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using Berth.Registry;

namespace Berth.Writer;

/// <summary>
/// JIT-compiles the user's app members on a second core while the main thread runs them. Every app costs two
/// methods that no ReadyToRun image can hold (its member in the <see cref="ManifestsAttribute"/> type and the
/// generated registry's lambda that calls it): at 10,000 apps that is about a second of JIT on one core. This thread
/// compiles them from the last app backwards (<see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/>: compiles,
/// runs nothing, triggers no static constructor) while the main thread creates the apps from the first one, in
/// order, as before; it stops where they meet. It starts as soon as the assembly is loaded, so it also overlaps the
/// registry's static constructor. Best effort: whatever it cannot do, the main thread's calls compile as usual, and
/// it changes no result, only which thread compiles.
/// </summary>
internal sealed class Precompiler
{
    private int _created;
    private volatile bool _stopped;

    private Precompiler()
    {
    }

    /// <summary>Used when there is a second core; <c>BERTH_WRITER_PRECOMPILE=0</c> turns it off (for measuring).</summary>
    public static bool Enabled => Environment.ProcessorCount > 1 && Environment.GetEnvironmentVariable("BERTH_WRITER_PRECOMPILE") != "0";

    /// <summary>Starts compiling the app members of <paramref name="assembly"/> on a background thread.</summary>
    public static Precompiler? Start(Assembly assembly)
    {
        if (!Enabled)
            return null;
        var precompiler = new Precompiler();
        var thread = new Thread(() => precompiler.Run(assembly)) { IsBackground = true, Name = "Berth precompiler" };
        thread.Start();
        return precompiler;
    }

    /// <summary>The main thread has created this many apps (in entry order).</summary>
    public void Created(int count) => Volatile.Write(ref _created, count);

    /// <summary>Nothing left for this thread to do.</summary>
    public void Stop() => _stopped = true;

    private void Run(Assembly assembly)
    {
        try
        {
            // The members that define apps, in declaration order, which is the entry order; then the registries'
            // code that calls them: one lambda per entry (nested closure classes of the registry types, in the same
            // order), or, for a large [Manifests] type, one method with a switch and the one lambda that calls it.
            var members = new List<MethodInfo>();
            foreach (var type in SafeTypes(assembly).Where(t => t.IsDefined(typeof(ManifestsAttribute), false) && !t.ContainsGenericParameters))
                members.AddRange(type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Where(Defines));
            var lambdas = new List<MethodInfo>();
            var first = new List<MethodInfo>();
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var registry in assembly.GetCustomAttributes<ManifestRegistryAttribute>().Select(r => r.RegistryType).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                first.AddRange(registry.GetMethods(all).Where(Defines));
                foreach (var nested in registry.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public))
                    lambdas.AddRange(nested.GetMethods(all).Where(Defines));
            }

            // The few methods every entry goes through, first (the main thread needs them from its first app on).
            if (first.Count > 0)
            {
                first.AddRange(lambdas);
                lambdas.Clear();
                foreach (var method in first)
                    Prepare(method);
            }

            // Backwards, pairing the i-th member with the i-th lambda, until the main thread's position.
            var count = Math.Max(members.Count, lambdas.Count);
            for (var i = count - 1; i >= 0 && !_stopped && i >= Volatile.Read(ref _created); i--)
            {
                if (i < lambdas.Count) Prepare(lambdas[i]);
                if (i < members.Count) Prepare(members[i]);
            }
        }
        catch (Exception)
        {
            // Best effort only (a type that cannot load, a method that cannot compile): the main thread compiles
            // whatever it calls and reports its own errors.
        }
    }

    private static bool Defines(MethodInfo method) =>
        method.ReturnType == typeof(StatefulApp) && !method.ContainsGenericParameters;

    private static void Prepare(MethodInfo method)
    {
        try
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
        }
        catch (Exception)
        {
            // e.g. a member whose signature names a type that cannot load: calling it reports that properly.
        }
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
