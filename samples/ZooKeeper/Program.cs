using System;
using Samples.ZooKeeper;

// The connect string clients use, from the same typed identities as the servers' own peer list.
Console.WriteLine(Ensemble.ZooKeeper.PeerList(",", Ensemble.ZooKeeperIdentity.Ports.Client));
