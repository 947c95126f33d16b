using System.Globalization;

namespace Notifier.Bench.LoadGenerator;

/// <summary>The generator's command line. Every duration is in seconds.</summary>
internal sealed class GeneratorOptions
{
    public ServerKind Server { get; private set; } = ServerKind.Ws;

    /// <summary>The server's HTTP base address, e.g. <c>http://127.0.0.1:5001</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:5001");

    /// <summary>The server's process id, whose RSS is read from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public int ServerPid { get; private set; }

    public int Clients { get; private set; } = 1000;

    public int ConnectConcurrency { get; private set; } = 100;

    public int WarmupClients { get; private set; } = 200;

    public int WarmupBroadcasts { get; private set; } = 300;

    /// <summary>How long the server is left alone before each RSS reading.</summary>
    public double SettleSeconds { get; private set; } = 5;

    public int PayloadBytes { get; private set; } = 100;

    /// <summary>Broadcasts per second in the latency phase (the same for every server).</summary>
    public double LatencyRate { get; private set; } = 10;

    public double LatencySeconds { get; private set; } = 10;

    /// <summary>Broadcasts not yet fully delivered (and not yet answered over HTTP) in the throughput phase.</summary>
    public int InFlight { get; private set; } = 8;

    public double ThroughputSeconds { get; private set; } = 10;

    /// <summary>How long to wait for outstanding deliveries after a phase stops sending.</summary>
    public double DrainSeconds { get; private set; } = 20;

    public string AccessKey { get; private set; } = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    public string Hub { get; private set; } = "bench";

    public string? Output { get; private set; }

    /// <summary>A pause before connecting and after the idle reading, to attach a heap or CPU profiler to the server.</summary>
    public double HoldSeconds { get; private set; }

    public static GeneratorOptions Parse(string[] args)
    {
        var options = new GeneratorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option '{name}' needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--server":
                    options.Server = Enum.Parse<ServerKind>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "--base":
                    options.BaseAddress = new Uri(value.TrimEnd('/'));
                    break;
                case "--pid":
                    options.ServerPid = Int(value);
                    break;
                case "--clients":
                    options.Clients = Int(value);
                    break;
                case "--connect-concurrency":
                    options.ConnectConcurrency = Int(value);
                    break;
                case "--warmup-clients":
                    options.WarmupClients = Int(value);
                    break;
                case "--warmup-broadcasts":
                    options.WarmupBroadcasts = Int(value);
                    break;
                case "--settle":
                    options.SettleSeconds = Double(value);
                    break;
                case "--payload-bytes":
                    options.PayloadBytes = Int(value);
                    break;
                case "--latency-rate":
                    options.LatencyRate = Double(value);
                    break;
                case "--latency-seconds":
                    options.LatencySeconds = Double(value);
                    break;
                case "--inflight":
                    options.InFlight = Int(value);
                    break;
                case "--throughput-seconds":
                    options.ThroughputSeconds = Double(value);
                    break;
                case "--drain":
                    options.DrainSeconds = Double(value);
                    break;
                case "--access-key":
                    options.AccessKey = value;
                    break;
                case "--hub":
                    options.Hub = value;
                    break;
                case "--hold":
                    options.HoldSeconds = Double(value);
                    break;
                case "--out":
                    options.Output = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (options.ServerPid <= 0)
        {
            throw new ArgumentException("--pid (the server's process id) is required.");
        }

        if (options.Clients < 1 || options.ConnectConcurrency < 1 || options.InFlight < 1 || options.PayloadBytes < 48 || options.LatencyRate <= 0)
        {
            throw new ArgumentException("--clients, --connect-concurrency, --inflight and --latency-rate must be positive; --payload-bytes at least 48.");
        }

        return options;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double Double(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
