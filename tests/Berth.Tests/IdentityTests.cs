using System;
using Xunit;

namespace Berth.Tests;

public sealed class IdentityTests
{
    [Fact]
    public void Pod_names_and_hosts_follow_the_stable_network_identity()
    {
        var pg = StatefulApp.Named("postgres").InNamespace("data").Replicas(3);
        Assert.Equal("postgres-2", pg.Pod(2).Name);
        Assert.Equal("postgres-2.postgres.data.svc.cluster.local", pg.Pod(2).Host);
        Assert.Equal("postgres.data.svc.cluster.local", pg.ServiceHost);
    }

    [Fact]
    public void Peer_hosts_honour_the_governing_service_name_start_ordinal_and_cluster_domain()
    {
        var zk = StatefulApp.Named("zk").InNamespace("coord").Replicas(3).StartOrdinal(1).GoverningService("zk-hs").ClusterDomain("corp.local");
        Assert.Equal(new[] { "zk-1.zk-hs.coord.svc.corp.local", "zk-2.zk-hs.coord.svc.corp.local", "zk-3.zk-hs.coord.svc.corp.local" }, zk.PeerHosts());
        Assert.Equal("zk-1.zk-hs.coord.svc.corp.local:2181,zk-2.zk-hs.coord.svc.corp.local:2181,zk-3.zk-hs.coord.svc.corp.local:2181", zk.PeerList(",", 2181));
        Assert.Throws<ArgumentOutOfRangeException>(() => zk.Pod(0));
    }

    [Fact]
    public void Without_a_namespace_hosts_use_the_default_namespace()
    {
        Assert.Equal("redis-0.redis.default.svc.cluster.local", StatefulApp.Named("redis").Pod(0).Host);
        Assert.Equal("redis.default.svc.cluster.local", StatefulApp.Named("redis").ServiceHost);
    }

    [Fact]
    public void Short_hosts_name_the_pod_and_the_governing_Service_only()
    {
        var zk = StatefulApp.Named("zk").Replicas(3).GoverningService("zk-hs").ClusterDomain("corp.local");
        Assert.Equal("zk-1.zk-hs", zk.Pod(1).ShortHost);
        Assert.Equal(zk.Pod(1).ShortHost, zk.InNamespace("coord").Pod(1).ShortHost);
        Assert.Equal(new[] { "zk-0.zk-hs", "zk-1.zk-hs", "zk-2.zk-hs" }, zk.PeerHosts(qualified: false));
        Assert.Equal("zk-0.zk-hs:2181,zk-1.zk-hs:2181,zk-2.zk-hs:2181", zk.PeerList(",", 2181, qualified: false));
        Assert.Equal("zk-0.zk-hs.coord.svc.corp.local", zk.InNamespace("coord").PeerHosts()[0]);
    }
}
