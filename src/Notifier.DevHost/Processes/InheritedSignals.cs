using System.Globalization;

namespace Notifier.DevHost.Processes;

/// <summary>
/// Signals the process was started with set to "ignore". A shell without job control (a script's <c>cmd &amp;</c>)
/// starts background jobs with SIGINT and SIGQUIT ignored, and the runtime keeps that, so Ctrl+C and
/// <c>kill -INT</c> can never stop the stack: better to say so at start than to leave the developer waiting.
/// </summary>
internal static class InheritedSignals
{
    private const int SigInt = 2;
    private const string IgnoredField = "SigIgn:";

    /// <summary>Gets whether SIGINT is ignored in this process (Linux only; elsewhere it is assumed not to be).</summary>
    public static bool IsSigintIgnored()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return IsSigintIgnored(File.ReadAllText("/proc/self/status"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Gets whether SIGINT is ignored according to a <c>/proc/[pid]/status</c> text.</summary>
    public static bool IsSigintIgnored(string status) => ParseIgnoredMask(status) is { } mask && IsIgnored(mask, SigInt);

    /// <summary>The <c>SigIgn</c> mask of a <c>/proc/[pid]/status</c> text: hexadecimal, signal n at bit n - 1.</summary>
    public static ulong? ParseIgnoredMask(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(IgnoredField, StringComparison.Ordinal))
            {
                return ulong.TryParse(line.AsSpan(IgnoredField.Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask) ? mask : null;
            }
        }

        return null;
    }

    public static bool IsIgnored(ulong mask, int signal) => signal is >= 1 and <= 64 && (mask & (1UL << (signal - 1))) != 0;
}
