using System;
using System.Threading.Tasks;

namespace Berth.Testing.Cluster;

/// <summary>
/// A namespace made for one test by <see cref="TestCluster.CreateNamespaceAsync"/>. Disposing
/// it deletes the namespace (without waiting); any left undisposed are deleted when the
/// cluster fixture is disposed.
/// </summary>
public sealed class TestNamespace : IAsyncDisposable
{
    private readonly TestCluster cluster;

    internal TestNamespace(TestCluster cluster, string name)
    {
        this.cluster = cluster;
        Name = name;
    }

    /// <summary>The namespace name.</summary>
    public string Name { get; }

    /// <summary>The namespace name.</summary>
    public static implicit operator string(TestNamespace ns) => ns.Name;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Deletes the namespace (background propagation; does not wait for it to go).</summary>
    public ValueTask DisposeAsync() => new(cluster.DeleteNamespaceAsync(Name));
}
