using System.Globalization;

namespace Notifier.Bench.FunctionsBench;

/// <summary>CPU time of processes (<c>/proc/&lt;pid&gt;/stat</c>) and of the whole machine (<c>/proc/stat</c>).</summary>
internal static class ProcessCpu
{
    // USER_HZ: 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds of a process and its threads, or NaN when it is gone.</summary>
    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// CPU milliseconds of a live process's current threads from <c>/proc/&lt;pid&gt;/task/*/schedstat</c> (nanosecond
    /// resolution, unlike <c>/proc/&lt;pid&gt;/stat</c>'s 10 ms ticks); threads that already exited are not counted.
    /// </summary>
    public static double ThreadMilliseconds(int pid)
    {
        var total = 0L;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                    total += long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The thread ended meanwhile.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }

        return total / 1e6;
    }

    /// <summary>Busy CPU seconds of the whole machine, all cores together.</summary>
    public static double MachineBusySeconds()
    {
        using var reader = new StreamReader("/proc/stat");
        var line = reader.ReadLine()!;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // cpu user nice system idle iowait irq softirq steal ...
        long busy = 0;
        foreach (var index in new[] { 1, 2, 3, 6, 7, 8 })
        {
            busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
        }

        return busy / TicksPerSecond;
    }
}

/// <summary>CPU used by each watched process over one phase, in cores (CPU seconds per wall second).</summary>
internal sealed class CpuMeter
{
    private readonly IReadOnlyDictionary<string, int> _pids;
    private readonly Dictionary<string, double> _start = new(StringComparer.Ordinal);
    private double _machineStart;
    private long _wallStart;

    public CpuMeter(IReadOnlyDictionary<string, int> pids)
    {
        _pids = pids;
    }

    public void Start()
    {
        foreach (var (name, pid) in _pids)
        {
            _start[name] = ProcessCpu.Seconds(pid);
        }

        _start["bench"] = ProcessCpu.Seconds(Environment.ProcessId);
        _machineStart = ProcessCpu.MachineBusySeconds();
        _wallStart = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Cores used per process since <see cref="Start"/>, plus <c>other</c>: the rest of the machine.</summary>
    public Dictionary<string, double> Stop()
    {
        var wall = Stats.Seconds(_wallStart, System.Diagnostics.Stopwatch.GetTimestamp());
        var cores = new Dictionary<string, double>(StringComparer.Ordinal);
        var sum = 0.0;
        foreach (var (name, pid) in _pids)
        {
            cores[name] = (ProcessCpu.Seconds(pid) - _start[name]) / wall;
            sum += cores[name];
        }

        cores["bench"] = (ProcessCpu.Seconds(Environment.ProcessId) - _start["bench"]) / wall;
        sum += cores["bench"];
        cores["other"] = Math.Max(0, (ProcessCpu.MachineBusySeconds() - _machineStart) / wall - sum);
        return cores;
    }
}
