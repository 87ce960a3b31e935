namespace Berth.Generator.Tests;

/// <summary>
/// The parts of the Berth API that generated code touches, as source. The generator tests compile against
/// these instead of the real assembly so they stay fast and independent of the DSL; the samples and the
/// package tests compile the same generated code against the real Berth.
/// </summary>
internal static class BerthStubs
{
    public const string Dsl = """
        namespace Berth
        {
            using System;
            [AttributeUsage(AttributeTargets.Class, Inherited = false)]
            public sealed class ManifestsAttribute : Attribute { }

            public sealed class ContainerSpec
            {
                public ContainerSpec Port(string name, int port) => this;
                public ContainerSpec Env(string name, string value) => this;
                public ContainerSpec Mount(string volume, string path) => this;
            }

            public sealed record PodIdentity(int Ordinal, string Name, string Host);

            public sealed class StatefulApp
            {
                public static StatefulApp Named(string name) => new();
                public StatefulApp InNamespace(string ns) => this;
                public StatefulApp Replicas(int replicas) => this;
                public StatefulApp Container(string name, string image, Func<ContainerSpec, ContainerSpec>? configure = null) => this;
                public StatefulApp InitContainer(string name, string image, Func<ContainerSpec, ContainerSpec>? configure = null) => this;
                public StatefulApp VolumeClaim(string name, string size) => this;
                public StatefulApp PublishNotReadyAddresses() => this;
                public string ServiceHost => "";
                public PodIdentity Pod(int ordinal) => new(ordinal, "", "");
                public string PeerList(string separator = ",", int? port = null) => "";
            }
        }

        namespace Berth.Registry
        {
            using System;
            public sealed record ManifestEntry(string SetName, string MemberName, string? Variant, string? SourceFile, int SourceLine, Func<Berth.StatefulApp> Create, SourceCallTable? Calls = null);

            public sealed class SourceCallTable
            {
                public SourceCallTable(string packed) => Packed = packed;
                public string Packed { get; }
            }

            [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
            public sealed class ManifestRegistryAttribute : Attribute
            {
                public ManifestRegistryAttribute(Type registryType) => RegistryType = registryType;
                public Type RegistryType { get; }
            }
        }
        """;

    public const string Client = """
        namespace Berth.Client
        {
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class ApplyOptions { }
            public sealed class ApplyResult { }
            public sealed class StatefulAppClient { }

            public sealed class BerthClient
            {
                public static BerthClient FromKubeconfig(string? path = null, string? context = null, string? @namespace = null) => new();
                public StatefulAppClient For(Berth.StatefulApp app) => new();
                public Task<IReadOnlyList<ApplyResult>> ApplyAllAsync(IEnumerable<Berth.StatefulApp> apps, ApplyOptions? options = null, CancellationToken cancellationToken = default) =>
                    Task.FromResult<IReadOnlyList<ApplyResult>>(new List<ApplyResult>());
            }
        }
        """;
}
