using System.Globalization;

namespace Notifier.Bench.LoadGenerator;

/// <summary>Reads another process's resident set size from <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kilobytes, NumberStyles.Integer, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>
    /// Leaves the server alone for <paramref name="settle"/> and returns the last reading, sampling every 250 ms so a
    /// run shows whether it had settled.
    /// </summary>
    public static async Task<long> SettledResidentBytesAsync(int pid, TimeSpan settle)
    {
        var deadline = DateTime.UtcNow + settle;
        var last = ResidentBytes(pid);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(250).ConfigureAwait(false);
            last = ResidentBytes(pid);
        }

        return last;
    }
}
