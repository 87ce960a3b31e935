using System;
using Samples.Postgres;

// The build has already written bin/<configuration>/<tfm>/manifests/postgres.yaml. At run time the same
// definition gives typed identities, e.g. for connection strings.
var primary = Database.Postgres.Pod(0);
Console.WriteLine($"primary:  {primary.Host}:{Database.PostgresIdentity.Ports.Pg}");
Console.WriteLine($"replicas: {string.Join(", ", Database.Postgres.PeerHosts())}");
Console.WriteLine($"claim of pod 2: {Database.PostgresIdentity.ClaimOfPod(Database.PostgresIdentity.Claims.Data, 2)}");
