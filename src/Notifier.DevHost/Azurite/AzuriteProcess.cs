using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Notifier.DevHost.Processes;
using Notifier.DevHost.Startup;

namespace Notifier.DevHost.Azurite;

/// <summary>
/// Azurite from the repository's pinned npm dependency, as a child process: blob, queue and table services on loopback,
/// data kept in a folder so a restart loses nothing. Installed with <c>npm ci</c> on first use. Its output goes to
/// <see cref="LogFileName"/> in that folder, and it stops by itself, saving its data, if the stack dies without
/// stopping it (see azurite-guard.cjs).
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's output, in its data folder: written by Azurite itself, so it outlives the stack.</summary>
    public const string LogFileName = "azurite.log";

    private const string LogVariable = "NOTIFIER_AZURITE_LOG";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private const int OutputLimit = 8 * 1024;
    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private int _stopping;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort, string location)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        Location = location;
        Exited = process.WaitForExitAsync();
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string Location { get; }

    public string LogPath => Path.Combine(Location, LogFileName);

    public int ProcessId => _process.Id;

    /// <summary>Gets a task that completes when the process ends, for whatever reason.</summary>
    public Task Exited { get; }

    /// <summary>Gets whether <see cref="DisposeAsync"/> has begun stopping the process.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping) != 0;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={Endpoint(BlobPort)};QueueEndpoint={Endpoint(QueuePort)};TableEndpoint={Endpoint(TablePort)};";

    /// <summary>
    /// Gets what Azurite printed most recently, for error messages: the end of its log, after anything node wrote to the
    /// pipes before the guard script took over its output (a missing module, a bad option).
    /// </summary>
    public string Output
    {
        get
        {
            string early;
            lock (_outputLock)
            {
                early = _output.ToString();
            }

            return early + ReadLogTail();
        }
    }

    public static string Endpoint(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/{AccountName}");

    /// <summary>Runs <c>npm ci</c> in the repository if Azurite is not installed there.</summary>
    public static async Task EnsureInstalledAsync(RepositoryPaths repository, TextWriter console, CancellationToken cancellationToken)
    {
        if (File.Exists(repository.AzuriteScript))
        {
            return;
        }

        console.WriteLine("Azurite is not installed yet: running `npm ci` in the repository (first run only)...");
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var start = new ProcessStartInfo(npm) { WorkingDirectory = repository.Root, UseShellExecute = false };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new StartupException("Could not start npm.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new StartupException("Azurite comes from npm, which was not found: install Node.js 20 or later (it includes npm) and run again.", ex);
        }

        using (process)
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0 || !File.Exists(repository.AzuriteScript))
            {
                throw new StartupException($"`npm ci` in {repository.Root} failed (exit code {process.ExitCode}); see its output above.");
            }
        }
    }

    /// <summary>Starts Azurite and waits until its three services accept connections.</summary>
    public static async Task<AzuriteProcess> StartAsync(RepositoryPaths repository, string location, int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(location);
        KeepOutOfGit(location);
        var guard = Path.Combine(AppContext.BaseDirectory, "azurite-guard.cjs");

        // Each run's log starts empty, so what it shows is this run's.
        var log = Path.Combine(location, LogFileName);
        await File.WriteAllTextAsync(log, string.Empty, cancellationToken).ConfigureAwait(false);

        // Without its own session, Ctrl+C in the terminal would reach Azurite directly and stop it before the services
        // that use it; the stack stops it last. If the stack dies without stopping it, the guard script stops it: the
        // stack keeps the write end of Azurite's stdin open for its whole life, and that end closing is the signal.
        // Standard output and error are still pipes, so Azurite holds none of the stack's own streams (which would
        // keep whoever reads the stack's output waiting after the stack died); the guard sends all it can to the log.
        var setsid = SetsidPaths.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(setsid ?? "node")
        {
            WorkingDirectory = location,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            Environment = { [LogVariable] = log },
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add("node");
        }

        if (File.Exists(guard))
        {
            start.ArgumentList.Add("--require");
            start.ArgumentList.Add(guard);
        }

        start.ArgumentList.Add(repository.AzuriteScript);

        // --skipApiVersionCheck: Azure.Storage.Queues sends x-ms-version 2026-10-06, newer than Azurite 3.37 knows, and
        // the queue trigger's clients keep the SDK's default rather than pin an older one (HostQueueClients).
        foreach (var argument in new[] { "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", location })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (service, port) in new[] { ("blob", blobPort), ("queue", queuePort), ("table", tablePort) })
        {
            start.ArgumentList.Add($"--{service}Host");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add($"--{service}Port");
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        try
        {
            if (!process.Start())
            {
                throw new StartupException("Could not start node for Azurite.");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new StartupException("Azurite runs on Node.js, which was not found: install Node.js 20 or later and run again.", ex);
        }

        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort, location);
        process.OutputDataReceived += (_, e) => azurite.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await azurite.WaitUntilListeningAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return azurite;
    }

    /// <summary>Stops Azurite gracefully (SIGTERM, so it saves its data), killing it if it does not exit in time.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await Exited.ConfigureAwait(false);
            return;
        }

        await ChildProcess.StopAsync(_process, StopTimeout).ConfigureAwait(false);
    }

    private static void KeepOutOfGit(string location)
    {
        // The data folder lives in the repository (.notifier/azurite): a .gitignore of its own keeps it out of commits.
        var parent = Directory.GetParent(location);
        var folder = parent is not null && parent.Name == ".notifier" ? parent.FullName : location;
        var ignore = Path.Combine(folder, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "# Local stack data (Azurite); never committed.\n*\n");
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            foreach (var port in new[] { BlobPort, QueuePort, TablePort })
            {
                while (!await CanConnectAsync(port, timeout.Token).ConfigureAwait(false))
                {
                    await Task.WhenAny(Exited, Task.Delay(50, timeout.Token)).ConfigureAwait(false);
                    if (_process.HasExited)
                    {
                        throw new StartupException($"Azurite exited with code {_process.ExitCode} before listening on port {port}:\n{Output}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StartupException($"Azurite did not listen on ports {BlobPort}/{QueuePort}/{TablePort} within {StartTimeout.TotalSeconds:0} s:\n{Output}");
        }
    }

    private static async Task<bool> CanConnectAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private string ReadLogTail()
    {
        try
        {
            using var file = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length > OutputLimit)
            {
                file.Seek(-OutputLimit, SeekOrigin.End);
            }

            using var reader = new StreamReader(file, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
            if (_output.Length > OutputLimit)
            {
                _output.Remove(0, _output.Length - OutputLimit);
            }
        }
    }
}
