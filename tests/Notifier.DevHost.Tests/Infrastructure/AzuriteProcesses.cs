using System.Globalization;
using System.Text;

namespace Notifier.DevHost.Tests.Infrastructure;

/// <summary>
/// Finds Azurite processes by their data folder, which each test's stack has to itself: a stack that was killed leaves
/// no handle on its Azurite, and it is no child of the test.
/// </summary>
public static class AzuriteProcesses
{
    /// <summary>Ids of the running processes whose command line names <paramref name="location"/> (Linux: /proc).</summary>
    public static IReadOnlyList<int> Using(string location)
    {
        var ids = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            string commandLine;
            try
            {
                // Arguments are NUL-separated; a zombie's is empty.
                commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(folder, "cmdline"))).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains("azurite", StringComparison.Ordinal) && commandLine.Contains(" " + location + " ", StringComparison.Ordinal))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>Waits until no Azurite uses <paramref name="location"/>; throws with the ids still running after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilNoneAsync(string location, TimeSpan timeout)
    {
        // Not a child of this process, so there is nothing to wait on but the process table.
        using var deadline = new CancellationTokenSource(timeout);
        while (Using(location) is { Count: > 0 } running)
        {
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Azurite (pid {string.Join(", ", running)}) still uses {location} after {timeout}.");
            }
        }
    }

    /// <summary>Kills what a failed test left running, so no Azurite outlives the test run.</summary>
    public static void KillAll(string location)
    {
        foreach (var id in Using(location))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(id);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
