using Berth.Testing.Cluster;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>The xunit collection sharing one <see cref="TestCluster"/> among this assembly's cluster tests.</summary>
[CollectionDefinition(TestCluster.Collection)]
public sealed class TestClusterCollection : ICollectionFixture<TestCluster>
{
}
