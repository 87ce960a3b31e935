using System;
using System.Linq;
using Berth.Client;
using Samples.Postgres;

// The build has already written bin/<configuration>/<tfm>/manifests/postgres.yaml. At run time the same
// definition gives typed identities (e.g. for connection strings) and a typed client.
if (args.FirstOrDefault() == "apply")
{
    // dotnet run --project samples/Postgres -- apply [--dry-run]   (cluster from KUBECONFIG or ~/.kube/config)
    var client = new InfraClient(kubeconfigPath: Environment.GetEnvironmentVariable("KUBECONFIG"));
    var result = await client.ApplyAllAsync(new ApplyOptions { DryRun = args.Contains("--dry-run") });
    Console.WriteLine(result);
    return result.Succeeded ? 0 : 1;
}

var primary = Infra.Postgres.Pod(0);
Console.WriteLine($"primary:  {primary.Host}:{Infra.PostgresIdentity.Ports.Pg}");
Console.WriteLine($"replicas: {string.Join(", ", Infra.Postgres.PeerHosts())}");
Console.WriteLine($"claim of pod 2: {Infra.PostgresIdentity.ClaimOfPod(Infra.PostgresIdentity.Claims.Data, 2)}");
return 0;
