using System;
using Samples.Postgres;

// The build has already written bin/<configuration>/<tfm>/manifests/postgres.yaml. At run time the same
// definition gives typed identities, e.g. for connection strings.
var primary = Infra.Postgres.Pod(0);
Console.WriteLine($"primary:  {primary.Host}:{Infra.PostgresIdentity.Ports.Pg}");
Console.WriteLine($"replicas: {string.Join(", ", Infra.Postgres.PeerHosts())}");
Console.WriteLine($"claim of pod 2: {Infra.PostgresIdentity.ClaimOfPod(Infra.PostgresIdentity.Claims.Data, 2)}");
