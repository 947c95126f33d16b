using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Notifier.Bench.FunctionsBench;

/// <summary>
/// Cold start: the time from <see cref="Process.Start()"/> to the first <c>200</c> on <c>GET /api/health</c>, for each
/// executable in turn (A B B A …, so drift in the machine's state hits both alike), N runs each after untimed warm-up
/// runs that bring the files into the page cache. The poll is a plain socket: connect (refused until Kestrel listens),
/// send the request, read the status line; 1 ms between attempts.
/// </summary>
internal static class ColdStart
{
    private static readonly byte[] Request = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"u8.ToArray();

    private const int MaxRetriesPerRound = 5;

    public static ColdStartResult Run(IReadOnlyList<(string Name, string Executable)> targets, int runs, int warmup, double maxOtherCores, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        var samples = targets.ToDictionary(t => t.Name, _ => new List<ColdStartSample>(), StringComparer.Ordinal);
        for (var i = 0; i < warmup; i++)
        {
            foreach (var (name, executable) in targets)
            {
                var sample = MeasureOnce(executable, environment);
                log.WriteLine($"    warm-up {name}: {sample.FirstOkMs:F1} ms, {sample.CpuMs:F0} ms CPU");
            }
        }

        var discarded = 0;
        for (var i = 0; i < runs; i++)
        {
            var order = i % 2 == 0 ? targets : targets.Reverse().ToList();
            for (var attempt = 0; ; attempt++)
            {
                var round = order.ToDictionary(t => t.Name, t => MeasureOnce(t.Executable, environment), StringComparer.Ordinal);
                var other = round.Values.Max(s => s.OtherCores);
                if (other > maxOtherCores && attempt < MaxRetriesPerRound)
                {
                    // Someone else's build or test ran meanwhile: measure the whole round again, so every target's
                    // samples come from the same conditions.
                    discarded++;
                    log.WriteLine($"    run {i + 1}/{runs}: other work used {other:F2} cores; measuring the round again");
                    Thread.Sleep(2000);
                    continue;
                }

                foreach (var (name, sample) in round)
                {
                    samples[name].Add(sample);
                }

                break;
            }

            log.WriteLine($"    run {i + 1}/{runs}: " + string.Join(", ", targets.Select(t => $"{t.Name} {samples[t.Name][^1].FirstOkMs:F1} ms ({samples[t.Name][^1].CpuMs:F0} ms CPU)")));
        }

        return new ColdStartResult(
            runs,
            discarded,
            [.. targets.Select(t => new ColdStartTarget(
                t.Name,
                t.Executable,
                Stats.Summarize(samples[t.Name].Select(s => s.FirstOkMs)),
                Stats.Summarize(samples[t.Name].Select(s => s.ListeningMs)),
                Stats.Summarize(samples[t.Name].Select(s => s.CpuMs)),
                samples[t.Name].Average(s => s.OtherCores),
                [.. samples[t.Name].Select(s => Math.Round(s.FirstOkMs, 2))]))]);
    }

    private static ColdStartSample MeasureOnce(string executable, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(executable))!,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Under a Functions host's environment the handler would listen where the host says, not on --urls.
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        var buffer = new byte[256];
        var deadline = TimeSpan.FromSeconds(30);
        var machineBefore = ProcessCpu.MachineBusySeconds();
        var selfBefore = ProcessCpu.Seconds(Environment.ProcessId);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long? listening = null;
        try
        {
            while (Stopwatch.GetElapsedTime(started) < deadline)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Connect(endpoint);
                    listening ??= Stopwatch.GetTimestamp();
                    socket.Send(Request);
                    var length = 0;
                    while (length < buffer.Length)
                    {
                        var read = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
                        if (read == 0)
                        {
                            break;
                        }

                        length += read;
                        if (buffer.AsSpan(0, length).IndexOf("\r\n"u8) >= 0)
                        {
                            break;
                        }
                    }

                    if (buffer.AsSpan(0, length).StartsWith("HTTP/1.1 200 "u8))
                    {
                        var ok = Stopwatch.GetTimestamp();
                        var cpu = ProcessCpu.ThreadMilliseconds(process.Id);
                        var wall = Stats.Milliseconds(started, ok);

                        // Cores used by everything else meanwhile: other people's work on a shared machine.
                        var machine = (ProcessCpu.MachineBusySeconds() - machineBefore) * 1000;
                        var self = (ProcessCpu.Seconds(Environment.ProcessId) - selfBefore) * 1000;
                        var other = Math.Max(0, machine - cpu - self) / wall;
                        return new ColdStartSample(Stats.Milliseconds(started, listening.Value), wall, cpu, other);
                    }
                }
                catch (SocketException)
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{executable} exited with code {process.ExitCode} before answering.");
                    }
                }

                Thread.Sleep(1);
            }

            throw new InvalidOperationException($"{executable} did not answer 200 on /api/health within {deadline.TotalSeconds} s: {Encoding.ASCII.GetString(buffer).Split('\r')[0]}");
        }
        finally
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.WaitForExit(10_000);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record ColdStartSample(double ListeningMs, double FirstOkMs, double CpuMs, double OtherCores);
}

/// <summary>Cold-start figures of every target.</summary>
/// <remarks><c>DiscardedRounds</c>: rounds measured again because other processes used too much CPU meanwhile.</remarks>
internal sealed record ColdStartResult(int Runs, int DiscardedRounds, IReadOnlyList<ColdStartTarget> Targets);

/// <summary>
/// One target's distributions: time to the first 200, to the first accepted TCP connection, and the CPU time the
/// process had used when the 200 arrived (all its threads); and how many cores other processes used meanwhile.
/// </summary>
internal sealed record ColdStartTarget(string Name, string Executable, Summary FirstOk, Summary Listening, Summary Cpu, double OtherCores, IReadOnlyList<double> FirstOkSamples);
