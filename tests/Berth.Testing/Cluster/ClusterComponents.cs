using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Testing.Cluster;

/// <summary>
/// Stops and starts components of the running test cluster through eng/cluster/component.sh (same
/// <c>BERTH_CLUSTER_DIR</c> and ports as the tests' environment): an API server outage mid-wait, a controller
/// manager (garbage collector) that is down. Tests that stop a component start it again in a <c>finally</c>.
/// </summary>
public static class ClusterComponents
{
    /// <summary>The API server.</summary>
    public const string ApiServer = "kube-apiserver";

    /// <summary>The controller manager (StatefulSet controller, garbage collector, ...).</summary>
    public const string ControllerManager = "kube-controller-manager";

    /// <summary>Stops <paramref name="component"/> (SIGTERM, SIGKILL after 20 s); a no-op when it is not running.</summary>
    public static Task StopAsync(string component, CancellationToken cancellationToken = default) => RunAsync("stop", component, cancellationToken);

    /// <summary>Starts <paramref name="component"/> again with the command line up.sh used and waits until it is healthy; a no-op when it runs.</summary>
    public static Task StartAsync(string component, CancellationToken cancellationToken = default) => RunAsync("start", component, cancellationToken);

    /// <summary>
    /// Starts the API server and then a fresh controller manager, so the cluster is whole again after an outage: a
    /// controller manager that lived through it may have exited (it does when the API server goes away while it
    /// starts) or still be backing off before it watches again (its token controller then makes no service account
    /// token for a new namespace for a while), which would fail the next test for no reason of its own.
    /// </summary>
    public static async Task StartAllAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(ApiServer, cancellationToken).ConfigureAwait(false);
        await StopAsync(ControllerManager, cancellationToken).ConfigureAwait(false);
        await StartAsync(ControllerManager, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>eng/cluster/component.sh of the repository the tests run from.</summary>
    public static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "eng", "cluster", "component.sh");
                if (File.Exists(script))
                    return script;
            }

            throw new InvalidOperationException($"eng/cluster/component.sh not found above {AppContext.BaseDirectory}");
        }
    }

    private static async Task RunAsync(string action, string component, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(action);
        psi.ArgumentList.Add(component);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"eng/cluster/component.sh {action} {component} exited {process.ExitCode}\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }
    }
}
