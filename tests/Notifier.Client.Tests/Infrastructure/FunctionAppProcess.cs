using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Notifier.Testing.Azurite;
using Notifier.Testing.Emulator;

namespace Notifier.Client.Tests.Infrastructure;

/// <summary>
/// The function app as the executable it is, <c>dotnet Notifier.Functions.dll --urls …</c>, configured through
/// environment variables the way the Functions host would pass app settings.
/// </summary>
public sealed class FunctionAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private FunctionAppProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Endpoint { get; }

    /// <summary>What the app printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static string AssemblyPath
    {
        get
        {
            var relative = typeof(FunctionAppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "FunctionAppAssembly").Value!;
            return Path.GetFullPath(Path.Combine(RepositoryRoot.Path, relative));
        }
    }

    /// <summary>Starts the app on a free port with these settings (configuration keys, <c>:</c>-separated) and waits until it answers.</summary>
    public static async Task<FunctionAppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var assembly = AssemblyPath;
        Assert.True(File.Exists(assembly), $"The function app is not built at {assembly}.");

        // A port found free can be taken before the app binds it; a fresh port on a failed start makes that harmless.
        for (var attempt = 1; ; attempt++)
        {
            var app = Launch(assembly, EmulatorServer.FreePort(), settings);
            try
            {
                await app.WaitUntilHealthyAsync();
                return app;
            }
            catch (InvalidOperationException) when (attempt < 3 && app._process.HasExited)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static FunctionAppProcess Launch(string assembly, int port, IReadOnlyDictionary<string, string> settings)
    {
        var endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(endpoint.AbsoluteUri.TrimEnd('/'));

        // Nothing from the test runner's environment may redirect the app.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "FUNCTIONS_CUSTOMHANDLER_PORT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new FunctionAppProcess(process, endpoint);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start dotnet for the function app.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += app.KillOnExit;
        return app;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The function app exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The function app did not answer /api/health within {StartTimeout}:\n{Output}");
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
            if (_output.Length > 64 * 1024)
            {
                _output.Remove(0, _output.Length - (64 * 1024));
            }
        }
    }

    // Last resort when the test host exits without disposing the fixture: never leave an orphaned app behind.
    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
