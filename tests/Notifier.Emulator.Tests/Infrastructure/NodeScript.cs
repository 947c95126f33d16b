using System.Diagnostics;
using System.Text;

namespace Notifier.Emulator.Tests.Infrastructure;

/// <summary>
/// One of the Node.js scripts that drive the emulator with Microsoft's own npm SDKs, as a child process. A script
/// exits 0 when every assertion in it held; its output is kept for the failure message.
/// </summary>
public sealed class NodeScript : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly string _script;

    private NodeScript(string script, IDictionary<string, string> environment)
    {
        _script = script;
        var path = Path.Combine(RepositoryRoot, "tests", "Notifier.Emulator.Tests", "Sdk", "js", script);
        Assert.True(File.Exists(path), $"No script at {path}.");
        Assert.True(Directory.Exists(Path.Combine(RepositoryRoot, "node_modules", "@azure", "web-pubsub-client")),
            "The npm packages are not installed: run 'npm ci' at the repository root (scripts/test does).");

        var start = new ProcessStartInfo("node", [path])
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static NodeScript Start(string script, IDictionary<string, string> environment) => new(script, environment);

    /// <summary>Runs a script to its end and asserts it succeeded.</summary>
    public static async Task RunAsync(string script, IDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        using var node = Start(script, environment);
        await node.WaitForSuccessAsync(timeout);
    }

    /// <summary>Waits until the script prints a line containing <paramref name="text"/>.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(30)));
        Assert.True(finished == seen.Task, $"{_script} did not print '{text}'. Output:\n{Output()}");
    }

    public async Task WaitForSuccessAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"{_script} did not finish in time. Output:\n{Output()}");
        }

        // WaitForExitAsync can return before the redirected streams are drained; this waits for them.
        _process.WaitForExit();
        Assert.True(_process.ExitCode == 0, $"{_script} failed with exit code {_process.ExitCode}. Output:\n{Output()}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private string Output()
    {
        lock (_lock)
        {
            return _output.ToString();
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifier.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Notifier.sln not found above " + AppContext.BaseDirectory);
    }
}
