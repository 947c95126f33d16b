using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Notifier.DevHost.Stack;

namespace Notifier.DevHost.Tests.Infrastructure;

/// <summary>
/// The local stack's executable run as a developer runs it (<c>dotnet Notifier.DevHost.dll</c>), with its output
/// captured, so tests can send it signals and see what it prints.
/// </summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevHostProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The built DevHost next to this test's build: same configuration.</summary>
    public static string AssemblyPath
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "Notifier.DevHost", "bin", configuration, framework, "Notifier.DevHost.dll");
        }
    }

    public static DevHostProcess Start(params string[] arguments) => Start(sigintIgnored: false, arguments);

    /// <summary>
    /// Starts the stack as a background job of a non-interactive shell would (<c>cmd &amp;</c> in a script): with SIGINT
    /// ignored, which the process inherits and keeps. <c>exec</c> makes the shell's process the stack's.
    /// </summary>
    public static DevHostProcess StartWithSigintIgnored(params string[] arguments) => Start(sigintIgnored: true, arguments);

    /// <summary>The arguments that run the stack on <paramref name="ports"/> (from <see cref="FreePorts"/>) with its data in <paramref name="data"/>.</summary>
    public static string[] Arguments(int[] ports, string data, params string[] more) =>
    [
        "--functions-port", Text(ports[0]), "--emulator-port", Text(ports[1]),
        "--azurite-blob-port", Text(ports[2]), "--azurite-queue-port", Text(ports[3]), "--azurite-table-port", Text(ports[4]),
        "--azurite-location", data, .. more,
    ];

    /// <summary>Distinct loopback ports that were free a moment ago.</summary>
    public static int[] FreePorts(int count)
    {
        // All listeners stay open until every port is known, so the ports differ.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static DevHostProcess Start(bool sigintIgnored, string[] arguments)
    {
        var start = new ProcessStartInfo(sigintIgnored ? "bash" : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (sigintIgnored)
        {
            foreach (var argument in new[] { "-c", "trap '' INT; exec dotnet \"$@\"", "bash" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new DevHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Capture(host._stdout, e.Data, host.IsBannerEnd(e.Data));
        process.ErrorDataReceived += (_, e) => host.Capture(host._stderr, e.Data, ready: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the whole banner that says the stack is up.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout));
        if (first != _ready.Task)
        {
            throw new TimeoutException($"The local stack did not get ready (exited: {_process.HasExited}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    /// <summary>Sends a POSIX signal, as Ctrl+C (INT) or a service manager (TERM) would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The local stack did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A test that failed midway: stop it as Ctrl+C would, so it stops its own children; kill as a last resort.
            await SignalAsync("INT");
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The banner ends with how to stop the stack: Ctrl+C, or <c>kill</c> when SIGINT is ignored.</summary>
    private bool IsBannerEnd(string? line) =>
        line is not null
        && (line.Contains(Banner.StopLine, StringComparison.Ordinal)
            || (line.StartsWith(Banner.SigintIgnoredStart, StringComparison.Ordinal) && Stdout.Contains(Banner.ReadyLine, StringComparison.Ordinal)));

    private void Capture(StringBuilder target, string? line, bool ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            target.AppendLine(line);
        }

        if (ready)
        {
            _ready.TrySetResult();
        }
    }
}
