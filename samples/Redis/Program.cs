using System;
using Samples.Redis;

foreach (var stage in Enum.GetValues<Stage>())
{
    var redis = Cache.Redis(stage);
    Console.WriteLine($"{stage}: {redis.ServiceHost}:{Cache.RedisIdentity.Ports.Redis} ({redis.ReplicaCount} replicas)");
}
