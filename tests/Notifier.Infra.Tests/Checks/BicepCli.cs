using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// The Bicep CLI of the NuGet package Azure.Bicep.CommandLine.linux-x64 (restored with this project, version pinned
/// in Directory.Packages.props).
/// </summary>
internal static class BicepCli
{
    public const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<(string Path, string Version)> LazyExecutable = new(FindExecutable);

    /// <summary>The binary to run: the package's own, or a copy of it that may be executed.</summary>
    public static string Executable => LazyExecutable.Value.Path;

    /// <summary>What <c>bicep --version</c> prints.</summary>
    public static string Version => LazyExecutable.Value.Version;

    /// <summary>
    /// Runs <c>bicep</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; the process sees
    /// <paramref name="environment"/> on top of this one's (a null value removes the variable).
    /// </summary>
    public static async Task<BicepRun> RunAsync(
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepRun(arguments, process.ExitCode, await stdout, await stderr);
    }

    private static (string Path, string Version) FindExecutable()
    {
        var packageFolder = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackageFolder")?.Value;
        if (string.IsNullOrEmpty(packageFolder))
        {
            throw new InvalidOperationException(
                $"The test assembly does not know where the {PackageId} package is: restore tests/Notifier.Infra.Tests.");
        }

        var packaged = Path.Combine(packageFolder, "tools", "bicep");
        if (!File.Exists(packaged))
        {
            throw new FileNotFoundException($"{packaged} does not exist: restore tests/Notifier.Infra.Tests.", packaged);
        }

        if (VersionOf(packaged) is { } version)
        {
            return (packaged, version);
        }

        // Package extraction does not always keep the execute bit, and the package cache may belong to another user:
        // then run a copy that has it, kept next to the test assembly.

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"{PackageId} is the Linux build of the Bicep CLI.");
        }

        var copy = ExecutableCopy(packaged);
        return (copy, VersionOf(copy) ?? throw new InvalidOperationException($"{copy} cannot be executed."));
    }

    // What `bicep --version` prints, or null when the file cannot be executed.
    private static string? VersionOf(string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(path, "--version")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var version = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return version.Trim();
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string ExecutableCopy(string packaged)
    {
        var copy = Path.Combine(AppContext.BaseDirectory, "bicep-cli", "bicep");
        if (!File.Exists(copy) || new FileInfo(copy).Length != new FileInfo(packaged).Length)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(packaged, copy, overwrite: true);
        }

        File.SetUnixFileMode(
            copy,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return copy;
    }
}
