using System.Collections.Immutable;
using System.Linq;
using k8s.Models;

namespace Berth;

/// <summary>A readiness, liveness or startup probe. Immutable: each call returns a new probe.</summary>
public sealed record Probe
{
    private Probe() { }

    internal string Handler { get; private init; } = "tcpSocket";
    internal string? Port { get; private init; }
    internal string? Path { get; private init; }
    internal string? Scheme { get; private init; }
    internal ImmutableArray<string> Command { get; private init; } = ImmutableArray<string>.Empty;
    internal string? GrpcService { get; private init; }
    internal int? InitialDelaySeconds { get; private init; }
    internal int? PeriodSeconds { get; private init; }
    internal int? TimeoutSeconds { get; private init; }
    internal int? SuccessThresholdValue { get; private init; }
    internal int? FailureThresholdValue { get; private init; }
    internal long? TerminationGracePeriodSecondsValue { get; private init; }

    /// <summary>Opens a TCP connection to a named container port.</summary>
    public static Probe Tcp(string portName) => new() { Handler = "tcpSocket", Port = portName };

    /// <summary>Opens a TCP connection to a port number.</summary>
    public static Probe Tcp(int port) => new() { Handler = "tcpSocket", Port = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>HTTP GET on a path of a named container port; success is 200-399.</summary>
    public static Probe Http(string path, string portName, bool https = false) =>
        new() { Handler = "httpGet", Path = path, Port = portName, Scheme = https ? "HTTPS" : null };

    /// <summary>HTTP GET on a path of a port number; success is 200-399.</summary>
    public static Probe Http(string path, int port, bool https = false) =>
        new() { Handler = "httpGet", Path = path, Port = port.ToString(System.Globalization.CultureInfo.InvariantCulture), Scheme = https ? "HTTPS" : null };

    /// <summary>Runs a command in the container; success is exit code 0.</summary>
    public static Probe Exec(params string[] command) => new() { Handler = "exec", Command = command.ToImmutableArray() };

    /// <summary>gRPC health check on a port number.</summary>
    public static Probe Grpc(int port, string? service = null) =>
        new() { Handler = "grpc", Port = port.ToString(System.Globalization.CultureInfo.InvariantCulture), GrpcService = service };

    /// <summary>Seconds after the container starts before the first probe.</summary>
    public Probe InitialDelay(int seconds) => this with { InitialDelaySeconds = seconds };

    /// <summary>Seconds between probes.</summary>
    public Probe Every(int seconds) => this with { PeriodSeconds = seconds };

    /// <summary>Seconds before a probe times out.</summary>
    public Probe Timeout(int seconds) => this with { TimeoutSeconds = seconds };

    /// <summary>Consecutive failures before the probe fails.</summary>
    public Probe FailureThreshold(int count) => this with { FailureThresholdValue = count };

    /// <summary>Consecutive successes before the probe succeeds (must be 1 for liveness and startup).</summary>
    public Probe SuccessThreshold(int count) => this with { SuccessThresholdValue = count };

    /// <summary>Grace period used when this probe kills the container (liveness and startup only).</summary>
    public Probe TerminationGracePeriod(long seconds) => this with { TerminationGracePeriodSecondsValue = seconds };

    internal V1Probe ToModel()
    {
        var probe = new V1Probe
        {
            InitialDelaySeconds = InitialDelaySeconds,
            PeriodSeconds = PeriodSeconds,
            TimeoutSeconds = TimeoutSeconds,
            SuccessThreshold = SuccessThresholdValue,
            FailureThreshold = FailureThresholdValue,
            TerminationGracePeriodSeconds = TerminationGracePeriodSecondsValue,
        };
        switch (Handler)
        {
            case "httpGet":
                probe.HttpGet = new V1HTTPGetAction { Path = Path, Port = PortValue(Port!), Scheme = Scheme };
                break;
            case "exec":
                probe.Exec = new V1ExecAction { Command = Command.ToList() };
                break;
            case "grpc":
                probe.Grpc = new V1GRPCAction { Port = int.Parse(Port!, System.Globalization.CultureInfo.InvariantCulture), Service = GrpcService };
                break;
            default:
                probe.TcpSocket = new V1TCPSocketAction { Port = PortValue(Port!) };
                break;
        }

        return probe;
    }

    internal static IntOrString PortValue(string port) =>
        int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : port;
}
