using System;
using Samples.Etcd;

// What clients connect to, from the same typed identities as the members' own bootstrap list.
Console.WriteLine($"endpoints:       {Cluster.ClientEndpoints}");
Console.WriteLine($"initial-cluster: {Cluster.InitialCluster}");
