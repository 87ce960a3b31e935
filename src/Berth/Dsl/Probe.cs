using System;
using System.Globalization;
using System.Linq;
using Berth.Rules;
using Berth.Rules.Dsl;
using Berth.Rules.Model;
using k8s.Models;

namespace Berth;

/// <summary>A readiness, liveness or startup probe. Immutable: each call returns a new probe.</summary>
public sealed record Probe
{
    private Probe(ProbeModel model) => Model = model;

    /// <summary>The probe as the steps of <see cref="ProbeSteps"/> build it (the analyzers run the same steps).</summary>
    internal ProbeModel Model { get; private init; }

    /// <summary>Opens a TCP connection to a named container port.</summary>
    public static Probe Tcp(string portName) => new(ProbeSteps.Tcp(portName, null));

    /// <summary>Opens a TCP connection to a port number.</summary>
    public static Probe Tcp(int port) => new(ProbeSteps.Tcp(DslConventions.ProbePort(port), null));

    /// <summary>HTTP GET on a path of a named container port; success is 200-399.</summary>
    public static Probe Http(string path, string portName, bool https = false) => new(ProbeSteps.Http(path, portName, https, null));

    /// <summary>HTTP GET on a path of a port number; success is 200-399.</summary>
    public static Probe Http(string path, int port, bool https = false) => new(ProbeSteps.Http(path, DslConventions.ProbePort(port), https, null));

    /// <summary>Runs a command in the container; success is exit code 0.</summary>
    public static Probe Exec(params string[] command)
    {
        var items = new ItemList<Val<string?>>();
        foreach (var item in command) items.Add(item);
        return new(ProbeSteps.Exec(items, null));
    }

    /// <summary>gRPC health check on a port number.</summary>
    public static Probe Grpc(int port, string? service = null) => new(ProbeSteps.Grpc(DslConventions.ProbePort(port), service, null));

    /// <summary>Seconds after the container starts before the first probe.</summary>
    public Probe InitialDelay(int seconds) => Step(p => ProbeSteps.InitialDelay(p, (int?)seconds));

    /// <summary>Seconds between probes.</summary>
    public Probe Every(int seconds) => Step(p => ProbeSteps.Every(p, (int?)seconds));

    /// <summary>Seconds before a probe times out.</summary>
    public Probe Timeout(int seconds) => Step(p => ProbeSteps.Timeout(p, (int?)seconds));

    /// <summary>Consecutive failures before the probe fails.</summary>
    public Probe FailureThreshold(int count) => Step(p => ProbeSteps.FailureThreshold(p, (int?)count));

    /// <summary>Consecutive successes before the probe succeeds (must be 1 for liveness and startup).</summary>
    public Probe SuccessThreshold(int count) => Step(p => ProbeSteps.SuccessThreshold(p, (int?)count));

    /// <summary>Grace period used when this probe kills the container (liveness and startup only).</summary>
    public Probe TerminationGracePeriod(long seconds) => Step(p => ProbeSteps.TerminationGracePeriod(p, (long?)seconds));

    /// <summary>The <c>V1Probe</c> of a probe model (every value known).</summary>
    internal static V1Probe Render(ProbeModel m)
    {
        var probe = new V1Probe
        {
            InitialDelaySeconds = m.InitialDelaySeconds.Value,
            PeriodSeconds = m.PeriodSeconds.Value,
            TimeoutSeconds = m.TimeoutSeconds.Value,
            SuccessThreshold = m.SuccessThreshold.Value,
            FailureThreshold = m.FailureThreshold.Value,
            TerminationGracePeriodSeconds = m.TerminationGracePeriodSeconds.Value,
        };
        switch (m.Handler.Value)
        {
            case "httpGet":
                probe.HttpGet = new V1HTTPGetAction { Path = m.Path.Value, Port = PortValue(m.Port.Value!), Scheme = m.Scheme.Value };
                break;
            case "exec":
                probe.Exec = new V1ExecAction { Command = m.Command.Select(c => c.Value!).ToList() };
                break;
            case "grpc":
                probe.Grpc = new V1GRPCAction { Port = int.Parse(m.Port.Value!, CultureInfo.InvariantCulture), Service = m.GrpcService.Value };
                break;
            default:
                probe.TcpSocket = new V1TCPSocketAction { Port = PortValue(m.Port.Value!) };
                break;
        }

        return probe;
    }

    internal static IntOrString PortValue(string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : port;

    private Probe Step(Action<ProbeModel> step)
    {
        var model = ProbeSteps.Copy(Model);
        step(model);
        return this with { Model = model };
    }
}
