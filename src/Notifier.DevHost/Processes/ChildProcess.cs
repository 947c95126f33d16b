using System.Diagnostics;
using System.Globalization;

namespace Notifier.DevHost.Processes;

/// <summary>Stops local service processes (Azurite) the way they need: SIGTERM first, so they save their data.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Sends SIGTERM (where there is one) and waits up to <paramref name="timeout"/>, then kills the process tree if it
    /// is still running; always disposes the process.
    /// </summary>
    /// <param name="process">The process.</param>
    /// <param name="timeout">How long a graceful exit may take.</param>
    /// <param name="graceful"><see langword="false"/> to kill at once, as a crash would.</param>
    /// <returns>A task that completes when the process has exited.</returns>
    public static async Task StopAsync(Process process, TimeSpan timeout, bool graceful = true)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (graceful && !OperatingSystem.IsWindows() && !process.HasExited)
            {
                // .NET itself can only send SIGKILL.
                using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
                {
                    if (kill is not null)
                    {
                        await kill.WaitForExitAsync().ConfigureAwait(false);
                    }
                }

                using var deadline = new CancellationTokenSource(timeout);
                try
                {
                    await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Did not stop in time; killed below.
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }
}
