using System.Globalization;

namespace Notifier.Bench.LoadGenerator;

/// <summary>A process's user + system CPU time, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
internal static class ProcessCpu
{
    // USER_HZ: 100 on every Linux the project runs on.
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }

    /// <summary>CPU time the whole machine spent busy (all cores, every process, interrupts included).</summary>
    public static double MachineBusySeconds()
    {
        using var reader = new StreamReader("/proc/stat");
        var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // cpu user nice system idle iowait irq softirq steal ...
        long busy = 0;
        foreach (var index in (ReadOnlySpan<int>)[1, 2, 3, 6, 7, 8])
        {
            busy += long.Parse(fields[index], NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        return busy / TicksPerSecond;
    }
}
