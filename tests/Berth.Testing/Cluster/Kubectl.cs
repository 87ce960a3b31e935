using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Testing.Cluster;

/// <summary>Result of one kubectl run.</summary>
public sealed record KubectlResult(IReadOnlyList<string> Args, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Throws with the full output unless kubectl exited 0.</summary>
    public KubectlResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"kubectl {string.Join(' ', Args)} exited {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
}

/// <summary>Runs the machine's kubectl (or <c>$BERTH_KUBECTL</c>) against a kubeconfig.</summary>
public static class Kubectl
{
    /// <summary>Runs <c>kubectl --kubeconfig KUBECONFIG ARGS...</c>, feeding <paramref name="stdin"/> if given.</summary>
    public static async Task<KubectlResult> RunAsync(
        string kubeconfig, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var argList = new List<string> { "--kubeconfig", kubeconfig };
        argList.AddRange(args);
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("BERTH_KUBECTL") ?? "kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in argList)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start kubectl");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {limit.TotalSeconds:0}s");
        }

        return new KubectlResult(argList, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
