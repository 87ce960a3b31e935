using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Testing.Cluster;

/// <summary>
/// A TCP relay from another loopback address (127.0.0.2 by default) to a real server, so that a test can reach the
/// real API server under an address that is not in its certificate (the serving certificate names 127.0.0.1 and
/// localhost, see eng/cluster/up.sh) without touching DNS or /etc/hosts. Bytes are passed through untouched: TLS is
/// between the client and the real server.
/// </summary>
public sealed class ImpostorRelay : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task acceptLoop;
    private readonly string targetHost;
    private readonly int targetPort;
    private int connections;

    /// <summary>Starts relaying <c>bind:random port</c> to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public ImpostorRelay(string targetHost, int targetPort, string bind = "127.0.0.2")
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener = new TcpListener(IPAddress.Parse(bind), 0);
        listener.Start();
        acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>The address the relay listens on.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)listener.LocalEndpoint;

    /// <summary><c>https://ADDRESS:PORT</c>.</summary>
    public string HttpsUrl => $"https://{Endpoint.Address}:{Endpoint.Port}";

    /// <summary>Connections relayed so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, stop.Token).ConfigureAwait(false);
            var a = client.GetStream();
            var b = upstream.GetStream();
            var up = a.CopyToAsync(b, stop.Token);
            var down = b.CopyToAsync(a, stop.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // either side went away
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            await acceptLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // stopping
        }

        stop.Dispose();
    }
}
