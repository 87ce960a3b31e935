using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using k8s;

namespace Berth.Client.Internal;

/// <summary>
/// How Berth checks the API server's identity, in place of KubernetesClient's own certificate callback (which, in
/// 21.0.8, accepts any certificate that chains to the kubeconfig's CA without looking at the name mismatch flag):
/// the certificate must chain to the kubeconfig's certificate-authority (the only trust anchor when one is given;
/// the system store otherwise) and be issued for the server's host, or for <c>tls-server-name</c> when the kubeconfig
/// sets one (DNS names and IP addresses of the subjectAltName; the common name is not used, as in kubectl).
/// With <c>insecure-skip-tls-verify</c> (and only then) nothing is checked.
/// </summary>
internal sealed class ServerTrust
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private volatile string? lastFailure;

    /// <param name="server">The server URL.</param>
    /// <param name="tlsServerName">The kubeconfig's <c>tls-server-name</c>, if any.</param>
    /// <param name="authority">The CA certificates given for the server; null to use the system store.</param>
    /// <param name="skipVerify">The kubeconfig's <c>insecure-skip-tls-verify</c>.</param>
    /// <param name="source">Where the settings come from, for messages: <c>kubeconfig X, context "Y"</c>.</param>
    public ServerTrust(Uri server, string? tlsServerName, X509Certificate2Collection? authority, bool skipVerify, string source)
    {
        Server = server;
        TlsServerName = string.IsNullOrWhiteSpace(tlsServerName) ? null : tlsServerName.Trim();
        ExpectedName = TlsServerName ?? server.IdnHost.Trim('[', ']');
        Authority = authority is { Count: > 0 } ? authority : null;
        SkipVerify = skipVerify;
        Source = source;
    }

    public Uri Server { get; }

    public string? TlsServerName { get; }

    /// <summary>The name the certificate must carry: <c>tls-server-name</c>, else the host of the server URL.</summary>
    public string ExpectedName { get; }

    public X509Certificate2Collection? Authority { get; }

    public bool SkipVerify { get; }

    public string Source { get; }

    /// <summary>Why the last certificate was refused, for the error the request ends with.</summary>
    public string? LastFailure => lastFailure;

    /// <summary>
    /// A Kubernetes client for <paramref name="config"/> whose TLS handshakes are checked by this instance. KubernetesClient
    /// 21.0.8 has one constructor and builds its SocketsHttpHandler itself, setting its own validation callback after
    /// <see cref="KubernetesClientConfiguration.FirstMessageHandlerSetup"/> ran; so the handler is taken there and the
    /// callback replaced once the constructor returned (before any request). The error handler turns a refused
    /// certificate into a <see cref="ServerIdentityException"/> that says why.
    /// </summary>
    public Kubernetes CreateClient(KubernetesClientConfiguration config)
    {
        SocketsHttpHandler? handler = null;
        var previous = config.FirstMessageHandlerSetup;
        config.FirstMessageHandlerSetup = h =>
        {
            previous?.Invoke(h);
            handler = h;
        };
        Kubernetes client;
        try
        {
            client = new Kubernetes(config, new IdentityErrorHandler(this));
        }
        finally
        {
            config.FirstMessageHandlerSetup = previous;
        }

        if (handler is null)
        {
            client.Dispose();
            throw new InvalidOperationException("KubernetesClient did not hand out its HTTP handler; Berth cannot check the server's certificate");
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors);
        return client;
    }

    /// <summary>True when <paramref name="certificate"/> is the server's; otherwise records why not in <see cref="LastFailure"/>.</summary>
    public bool Validate(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (SkipVerify)
            return true;
        var failure = Check(certificate, presented, errors);
        lastFailure = failure;
        return failure is null;
    }

    private string? Check(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null)
            return $"the server at {Server} presented no certificate";
        using var owned = certificate as X509Certificate2 is null ? new X509Certificate2(certificate) : null;
        var leaf = owned ?? (X509Certificate2)certificate;

        if (Authority is not null)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
            if (presented is not null)
            {
                chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
                foreach (var element in presented.ChainElements)
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }

            if (!chain.Build(leaf))
            {
                var why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
                return $"the server's certificate (subject \"{leaf.Subject}\", issuer \"{leaf.Issuer}\") is not signed by the certificate-authority of {Source} " +
                       $"({string.Join(", ", Authority.Select(c => "\"" + c.Subject + "\""))}){(why.Length > 0 ? ": " + why : string.Empty)}; " +
                       "check that server and certificate-authority belong to the same cluster";
            }
        }
        else if ((errors & (SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            var why = presented is null ? string.Empty : string.Join("; ", presented.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return $"the server's certificate (subject \"{leaf.Subject}\", issuer \"{leaf.Issuer}\") is not trusted by the system's certificate store, " +
                   $"and {Source} names no certificate-authority{(why.Length > 0 ? ": " + why : string.Empty)}; add the cluster's certificate-authority(-data) to the kubeconfig";
        }

        if (!leaf.MatchesHostname(ExpectedName, allowWildcards: true, allowCommonName: false))
        {
            var names = CertificateNames(leaf);
            var what = TlsServerName is null ? $"host {ExpectedName} of {Server}" : $"tls-server-name {ExpectedName} of {Source}";
            return $"the server's certificate is for {(names.Length == 0 ? "no DNS name or IP address (subjectAltName)" : "names " + string.Join(", ", names))}, not {what}; " +
                   "use a server address the certificate names" + (TlsServerName is null ? ", or set tls-server-name in the kubeconfig's cluster entry to one of them" : string.Empty);
        }

        return null;
    }

    /// <summary>The DNS names and IP addresses of the certificate's subjectAltName.</summary>
    internal static string[] CertificateNames(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
            return Array.Empty<string>();
        return san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())).ToArray();
    }

    /// <summary>Turns a handshake that <see cref="Validate"/> refused into a <see cref="ServerIdentityException"/> saying why.</summary>
    private sealed class IdentityErrorHandler : DelegatingHandler
    {
        private readonly ServerTrust trust;

        public IdentityErrorHandler(ServerTrust trust) => this.trust = trust;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is AuthenticationException && trust.LastFailure is { } failure)
            {
                throw new ServerIdentityException($"refused the server at {trust.Server} (nothing was sent to it): {failure}");
            }
        }
    }
}

/// <summary>The API server's certificate failed verification: the message says what did not match. Never retried.</summary>
internal sealed class ServerIdentityException : Exception
{
    public ServerIdentityException(string message)
        : base(message)
    {
    }
}
