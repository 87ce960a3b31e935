using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Berth.Testing.Cluster;

/// <summary>One HTTP request that reached an <see cref="Impostor"/>.</summary>
/// <param name="Method">The request method.</param>
/// <param name="Target">The request target (path and query).</param>
/// <param name="Headers">The header lines, as sent (names lower-cased).</param>
/// <param name="ServerName">The TLS server name (SNI) the client asked for; null for plain HTTP or none sent.</param>
public sealed record ImpostorRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string? ServerName)
{
    /// <summary>True when the request carried credentials (an Authorization header).</summary>
    public bool HasCredentials => Headers.ContainsKey("authorization");
}

/// <summary>
/// A fake server on 127.0.0.1 for the tests of Berth's server-identity checks: HTTPS with a certificate of the
/// test's choosing (e.g. one for <c>evil.example</c> signed by the real cluster CA) or plain HTTP. It records every
/// connection, every TLS handshake and every request (headers included), and answers each request with
/// the same canned response (404 with an HTML body by default: a plain web server, not an API server).
/// Built on <see cref="TcpListener"/> and <see cref="SslStream"/>; one request per connection.
/// </summary>
public sealed class Impostor : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly X509Certificate2? certificate;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<ImpostorRequest> requests = new();
    private readonly ConcurrentQueue<string> handshakeFailures = new();
    private readonly Task acceptLoop;
    private int connections;
    private int handshakes;

    private Impostor(X509Certificate2? certificate, int status, string contentType, string body)
    {
        this.certificate = certificate;
        Status = status;
        ContentType = contentType;
        Body = body;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>An HTTPS impostor presenting <paramref name="certificate"/> (with its private key; disposed with the impostor).</summary>
    public static Impostor Https(X509Certificate2 certificate, int status = 404, string contentType = "text/html", string body = "<html><body><h1>Not Found</h1></body></html>") =>
        new(certificate, status, contentType, body);

    /// <summary>A plain-HTTP impostor.</summary>
    public static Impostor Http(int status = 404, string contentType = "text/html", string body = "<html><body><h1>Not Found</h1></body></html>") =>
        new(null, status, contentType, body);

    /// <summary>The status code of every answer.</summary>
    public int Status { get; }

    /// <summary>The content type of every answer.</summary>
    public string ContentType { get; }

    /// <summary>The body of every answer.</summary>
    public string Body { get; }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary><c>https://127.0.0.1:PORT</c> or <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"{(certificate is null ? "http" : "https")}://127.0.0.1:{Port}";

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>
    /// TLS handshakes completed on the server's side so far. With TLS 1.3 the server is done before the client has
    /// checked the certificate, so this does not mean the client accepted it: <see cref="Requests"/> says that.
    /// </summary>
    public int Handshakes => Volatile.Read(ref handshakes);

    /// <summary>Why handshakes failed (as the server saw it).</summary>
    public IReadOnlyList<string> HandshakeFailures => handshakeFailures.ToArray();

    /// <summary>The requests received so far.</summary>
    public IReadOnlyList<ImpostorRequest> Requests => requests.ToArray();

    /// <summary>
    /// A server certificate for <paramref name="names"/> (DNS names, or IP addresses; none: a certificate with the
    /// common name <c>impostor</c> and no subjectAltName), valid for a day, with the
    /// serverAuth usage, signed by the CA of <paramref name="caCertificatePem"/> / <paramref name="caKeyPem"/> (PEM
    /// files, e.g. the test cluster's <c>pki/ca.crt</c> and <c>pki/ca.key</c>).
    /// </summary>
    public static X509Certificate2 IssueCertificate(string caCertificatePem, string caKeyPem, params string[] names)
    {
        using var ca = X509Certificate2.CreateFromPemFile(caCertificatePem, caKeyPem);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={names.FirstOrDefault() ?? "impostor"}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
                san.AddIpAddress(ip);
            else
                san.AddDnsName(name);
        }

        if (names.Length > 0)
            request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);
        using var issued = request.Create(ca, notBefore < ca.NotBefore ? ca.NotBefore : notBefore, notAfter > ca.NotAfter ? ca.NotAfter : notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // SslStream on Linux wants a certificate whose key it can export to OpenSSL: load it back from PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>A self-signed CA certificate (PEM), for kubeconfigs that name a CA other than the cluster's.</summary>
    public static string SelfSignedCaPem(string commonName = "some-other-ca")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            Stream stream = client.GetStream();
            string? serverName = null;
            if (certificate is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificate,
                        ApplicationProtocols = new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 },
                    }, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                {
                    handshakeFailures.Enqueue(e.Message);
                    return;
                }

                Interlocked.Increment(ref handshakes);
                serverName = string.IsNullOrEmpty(ssl.TargetHostName) ? null : ssl.TargetHostName;
            }

            await using (stream.ConfigureAwait(false))
            {
                var head = await ReadHeadAsync(stream, timeout.Token).ConfigureAwait(false);
                if (head is null)
                    return;
                var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                var first = lines[0].Split(' ');
                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0)
                        headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                }

                requests.Enqueue(new ImpostorRequest(first[0], first.Length > 1 ? first[1] : string.Empty, headers, serverName));
                var body = Encoding.UTF8.GetBytes(Body);
                var answer = $"HTTP/1.1 {Status} {(Status == 404 ? "Not Found" : "Status")}\r\nContent-Type: {ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);
                await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away
        }
    }

    /// <summary>The request line and headers (up to the empty line); null when the client closed first.</summary>
    private static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[16384];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (read == 0)
                return null;
            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
                return text[..end];
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
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
        certificate?.Dispose();
    }
}
