using Xunit;

namespace Berth.Tests;

public sealed class GoldenYamlTests
{
    [Fact]
    public void Seed_example_renders_field_for_field_with_its_headless_service() =>
        GoldenFile.AssertMatches("seed.yaml", SampleApps.Seed.ToYaml());

    [Fact]
    public void Postgres_primary_replica_set_renders() =>
        GoldenFile.AssertMatches("postgres.yaml", SampleApps.Postgres.ToYaml());

    [Fact]
    public void ZooKeeper_ensemble_renders() =>
        GoldenFile.AssertMatches("zookeeper.yaml", SampleApps.ZooKeeper.ToYaml());

    [Fact]
    public void Redis_set_renders() =>
        GoldenFile.AssertMatches("redis.yaml", SampleApps.Redis.ToYaml());
}
