using System;
using System.Linq;
using k8s.Models;
using Xunit;

namespace Berth.Client.Tests;

/// <summary>The samples' replication and bootstrap wiring, from the built objects (no cluster).</summary>
public sealed class SampleWiringTests
{
    [Fact]
    public void Postgres_standbys_clone_pod_0_by_its_typed_host_and_only_pod_0_takes_writes()
    {
        var app = global::Samples.Postgres.Infra.Postgres;
        var built = app.Build();
        var primary = app.Pod(0);
        Assert.Equal("postgres-0.postgres.data.svc.cluster.local", primary.Host);

        // The read-write Service selects pod 0 by the label the StatefulSet controller gives each pod.
        Assert.Equal("postgres-rw", built.ClientService!.Metadata.Name);
        Assert.Equal(primary.Name, built.ClientService.Spec.Selector["statefulset.kubernetes.io/pod-name"]);
        Assert.Equal("postgres", built.ClientService.Spec.Selector["app"]);
        // The read-only Service reaches every member.
        var readOnly = Assert.IsType<V1Service>(Assert.Single(built.Extras));
        Assert.Equal("postgres-ro", readOnly.Metadata.Name);
        Assert.Equal(new[] { "app" }, readOnly.Spec.Selector.Keys);

        // Standbys bootstrap with pg_basebackup from pod 0's typed host, as hot standbys (-R), pod 0 skips it.
        var clone = Assert.Single(built.StatefulSet.Spec.Template.Spec.InitContainers);
        Assert.Equal(primary.Host, clone.Env.Single(e => e.Name == "PRIMARY_HOST").Value);
        var script = clone.Command.Last();
        Assert.Contains("pg_basebackup -h \"$PRIMARY_HOST\"", script, StringComparison.Ordinal);
        Assert.Contains("-R -X stream", script, StringComparison.Ordinal);
        Assert.Contains("if [ \"$ordinal\" = \"0\" ]; then", script, StringComparison.Ordinal);
        Assert.Equal("pg-auth", clone.Env.Single(e => e.Name == "REPLICATION_PASSWORD").ValueFrom.SecretKeyRef.Name);
        Assert.Equal(999, clone.SecurityContext.RunAsUser);

        // The primary's initdb script creates the replication role and allows it in pg_hba.conf.
        var init = built.ConfigMaps.Single(c => c.Metadata.Name == "postgres-init").Data["10-replication.sh"];
        Assert.Contains("CREATE ROLE replicator WITH REPLICATION LOGIN", init, StringComparison.Ordinal);
        Assert.Contains("host replication replicator all scram-sha-256", init, StringComparison.Ordinal);
        var postgres = built.StatefulSet.Spec.Template.Spec.Containers.Single();
        Assert.Contains(postgres.VolumeMounts, m => m.Name == "init" && m.MountPath == "/docker-entrypoint-initdb.d");

        // No BERTH finding about the pod-name selector (the controller adds that label).
        Assert.DoesNotContain(app.Validate(), v => v.Id == "BERTH056");
    }

    [Fact]
    public void Redis_replicas_follow_pod_0_by_its_typed_host()
    {
        var stage = global::Samples.Redis.Stage.Prod;
        var built = global::Samples.Redis.Cache.Redis(stage).Build();
        var command = string.Join(" ", built.StatefulSet.Spec.Template.Spec.Containers.Single().Command);
        Assert.Equal("redis-0.redis.cache.svc.cluster.local", global::Samples.Redis.Cache.Primary(stage).Host);
        Assert.Contains("--replicaof redis-0.redis.cache.svc.cluster.local 6379", command, StringComparison.Ordinal);
        Assert.Contains("if [ \"${POD_NAME##*-}\" = 0 ]; then exec redis-server /usr/local/etc/redis/redis.conf;", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Etcd_members_bootstrap_from_the_typed_identities()
    {
        var app = global::Samples.Etcd.Cluster.Etcd;
        var args = app.Build().StatefulSet.Spec.Template.Spec.Containers.Single().Args;
        var expected = string.Join(",", app.Pods().Select(p => $"{p.Name}=http://{p.Host}:2380"));
        Assert.Equal("etcd-0=http://etcd-0.etcd.coord.svc.cluster.local:2380,etcd-1=http://etcd-1.etcd.coord.svc.cluster.local:2380,etcd-2=http://etcd-2.etcd.coord.svc.cluster.local:2380", expected);
        Assert.Contains("--initial-cluster=" + expected, args);
        Assert.Contains("--name=$(POD_NAME)", args);
        Assert.Contains("--initial-advertise-peer-urls=http://$(POD_NAME).etcd.coord.svc.cluster.local:2380", args);
        Assert.Equal("2", app.Build().DisruptionBudget!.Spec.MinAvailable!.Value); // quorum of 3
        Assert.True(app.Build().GoverningService!.Spec.PublishNotReadyAddresses);
    }
}
