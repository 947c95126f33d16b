using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Notifier.DevHost.Processes;
using Xunit;

namespace Notifier.Testing.Azurite;

/// <summary>
/// Runs a real Azurite (blob, queue and table emulator) on free loopback ports for the lifetime of a test class or
/// collection. Installs Azurite from the repository's package-lock.json with <c>npm ci</c> the first time.
/// </summary>
/// <remarks>
/// <para>Use it as a collection fixture; xunit requires the collection definition to live in the test assembly:</para>
/// <code>
/// [CollectionDefinition(Name)]
/// public sealed class AzuriteCollectionDefinition : ICollectionFixture&lt;AzuriteFixture&gt; { public const string Name = "Azurite"; }
///
/// [Collection(AzuriteCollectionDefinition.Name)]
/// public sealed class MyTests(AzuriteFixture azurite) { ... azurite.ConnectionString ... }
/// </code>
/// <para>Fault tests can call <see cref="StopAsync"/> (graceful) or <see cref="KillAsync"/> (crash) and later
/// <see cref="StartAsync"/>: Azurite comes back on the same ports, so clients built earlier keep working. Data survives
/// a restart only when the fixture was created with <c>persistData: true</c> (a subclass passing it to the protected
/// constructor) and was stopped gracefully; by default storage is in memory.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposed through IAsyncLifetime; the SemaphoreSlim never allocates a wait handle, so it needs no disposal.")]
public class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The Azurite development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private const int OutputLimit = 64 * 1024;

    private readonly bool _persistData;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _workspace;
    private Process? _process;
    private bool _disposed;

    /// <summary>Creates a fixture whose Azurite keeps data in memory only.</summary>
    public AzuriteFixture()
        : this(persistData: false)
    {
    }

    /// <summary>Creates a fixture.</summary>
    /// <param name="persistData">Keep data in a temporary folder so that it survives <see cref="StopAsync"/>/<see cref="StartAsync"/>.</param>
    protected AzuriteFixture(bool persistData)
    {
        _persistData = persistData;
    }

    /// <summary>Gets the blob port.</summary>
    public int BlobPort { get; private set; }

    /// <summary>Gets the queue port.</summary>
    public int QueuePort { get; private set; }

    /// <summary>Gets the table port.</summary>
    public int TablePort { get; private set; }

    /// <summary>Gets the path-style blob endpoint, <c>http://127.0.0.1:{port}/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => Endpoint(BlobPort);

    /// <summary>Gets the path-style queue endpoint.</summary>
    public Uri QueueEndpoint => Endpoint(QueuePort);

    /// <summary>Gets the path-style table endpoint.</summary>
    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>Gets a connection string for the development account with this instance's endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>Gets whether Azurite is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Gets what Azurite printed (stdout and stderr, most recent 64 KiB), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <inheritdoc/>
    public virtual async Task InitializeAsync()
    {
        await EnsureInstalledAsync(RepositoryRoot.Path).ConfigureAwait(false);
        _workspace = Directory.CreateTempSubdirectory("notifier-azurite-").FullName;

        // A port found free can be taken before Azurite binds it; fresh ports on a failed start make that harmless.
        for (var attempt = 1; ; attempt++)
        {
            (BlobPort, QueuePort, TablePort) = PickFreePorts();
            try
            {
                await StartAsync().ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && !IsRunning)
            {
            }
        }
    }

    /// <summary>Starts Azurite on this fixture's ports if it is not running and waits until it accepts connections.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the queue, table and blob ports accept TCP connections.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _process = Launch();
            await WaitUntilListeningAsync(_process, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops Azurite gracefully (SIGTERM, so a persistent instance saves its data) and waits for it to exit; the ports
    /// then refuse connections. Falls back to killing the process tree if it does not exit in time.
    /// </summary>
    /// <returns>A task that completes when Azurite has exited.</returns>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await TerminateAsync(graceful: true).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Kills Azurite's process tree at once, like a crash. A persistent instance loses what it had not saved yet
    /// (Azurite saves metadata every few seconds).
    /// </summary>
    /// <returns>A task that completes when Azurite has exited.</returns>
    public async Task KillAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await TerminateAsync(graceful: false).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops and starts Azurite on the same ports.</summary>
    /// <param name="cancellationToken">Cancels the wait for the restart.</param>
    /// <returns>A task that completes when Azurite accepts connections again.</returns>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await KillAsync().ConfigureAwait(false);
        _disposed = true;
        if (_workspace is not null)
        {
            try
            {
                Directory.Delete(_workspace, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test run for.
            }
        }
    }

    /// <summary>
    /// Runs <c>npm ci</c> in <paramref name="repositoryRoot"/> unless Azurite is already installed there. A lock file
    /// serialises test assemblies that start at the same time, so only one of them installs.
    /// </summary>
    /// <param name="repositoryRoot">The folder with package.json and package-lock.json.</param>
    /// <returns>A task that completes when Azurite is installed.</returns>
    public static async Task EnsureInstalledAsync(string repositoryRoot)
    {
        var script = ScriptPath(repositoryRoot);
        if (File.Exists(script))
        {
            return;
        }

        var lockDirectory = Directory.CreateDirectory(System.IO.Path.Combine(repositoryRoot, ".azurite"));
        using var timeout = new CancellationTokenSource(InstallTimeout);
        await using var installLock = await AcquireLockAsync(System.IO.Path.Combine(lockDirectory.FullName, "install.lock"), timeout.Token).ConfigureAwait(false);
        if (File.Exists(script))
        {
            return;
        }

        var (exitCode, output) = await RunAsync(
            OperatingSystem.IsWindows() ? "cmd.exe" : "npm",
            OperatingSystem.IsWindows() ? ["/c", "npm", "ci", "--no-audit", "--no-fund"] : ["ci", "--no-audit", "--no-fund"],
            repositoryRoot,
            timeout.Token).ConfigureAwait(false);
        if (exitCode != 0 || !File.Exists(script))
        {
            throw new InvalidOperationException($"'npm ci' in {repositoryRoot} failed with exit code {exitCode}:\n{output}");
        }
    }

    private static string ScriptPath(string repositoryRoot) =>
        System.IO.Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");

    private static Uri Endpoint(int port) =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/{AccountName}"));

    private static (int Blob, int Queue, int Table) PickFreePorts()
    {
        // All three listeners stay open until every port is known, so the three ports differ.
        var listeners = new[] { new TcpListener(IPAddress.Loopback, 0), new TcpListener(IPAddress.Loopback, 0), new TcpListener(IPAddress.Loopback, 0) };
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            int Port(int i) => ((IPEndPoint)listeners[i].LocalEndpoint).Port;
            return (Port(0), Port(1), Port(2));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private Process Launch()
    {
        var root = RepositoryRoot.Path;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workspace ?? root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(ScriptPath(root));

        // --skipApiVersionCheck: Azure.Storage.Queues sends x-ms-version 2026-10-06, newer than Azurite 3.37 knows; the
        // queue clients keep the SDK's default version rather than pin an older one (Notifier.DevHost's HostQueueClients says why).
        foreach (var argument in new[] { "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry" })
        {
            start.ArgumentList.Add(argument);
        }

        if (_persistData)
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_workspace!);
        }
        else
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }

        AddService(start, "blob", BlobPort);
        AddService(start, "queue", QueuePort);
        AddService(start, "table", TablePort);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start node for Azurite.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        return process;

        static void AddService(ProcessStartInfo start, string service, int port)
        {
            start.ArgumentList.Add($"--{service}Host");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add($"--{service}Port");
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        }
    }

    private async Task WaitUntilListeningAsync(Process process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        try
        {
            foreach (var port in new[] { QueuePort, TablePort, BlobPort })
            {
                while (!await CanConnectAsync(port, timeout.Token).ConfigureAwait(false))
                {
                    // Poll again soon, unless Azurite died meanwhile.
                    await Task.WhenAny(exited, Task.Delay(50, timeout.Token)).ConfigureAwait(false);
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException(
                            $"Azurite exited with code {process.ExitCode} before listening on port {port}:\n{Output}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await TerminateAsync(graceful: false).ConfigureAwait(false);
            throw new InvalidOperationException($"Azurite did not listen on ports {QueuePort}/{TablePort}/{BlobPort} within {StartTimeout}:\n{Output}");
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

    private async Task TerminateAsync(bool graceful)
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;

        // Graceful: Azurite saves and closes its stores on SIGTERM (a kill loses up to 5 s of data).
        await ChildProcess.StopAsync(process, StopTimeout, graceful).ConfigureAwait(false);
    }

    // Last resort when the test host exits without disposing fixtures: never leave an orphaned Azurite behind.
    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
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

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                // Another test assembly holds the lock while it installs; check again shortly.
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
