namespace Notifier.DevHost.Startup;

/// <summary>The repository the stack runs from: its npm packages (Azurite, <c>@microsoft/signalr</c>), the client library and the demo page.</summary>
internal sealed class RepositoryPaths
{
    private RepositoryPaths(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string AzuriteScript => Path.Combine(Root, "node_modules", "azurite", "dist", "src", "azurite.js");

    public string ClientSource => Path.Combine(Root, "client", "src");

    /// <summary>Gets the browser build of <c>@microsoft/signalr</c> (pinned in package.json), which the demo page loads on the SignalR transport.</summary>
    public string SignalRBrowserBuild => Path.Combine(Root, "node_modules", "@microsoft", "signalr", "dist", "browser");

    public string FunctionsFolder => Path.Combine(Root, "src", "Notifier.Functions", "Functions");

    public string DemoPage => Path.Combine(Root, "src", "Notifier.DevHost", "wwwroot");

    public string DefaultAzuriteLocation => Path.Combine(Root, ".notifier", "azurite");

    public string SampleSettings => Path.Combine(Root, "local.settings.sample.json");

    public string LocalSettings => Path.Combine(Root, "local.settings.json");

    /// <summary>Finds the repository from <paramref name="root"/>, or above the program's folder, or above the current folder.</summary>
    public static RepositoryPaths Locate(string? root)
    {
        if (root is not null)
        {
            return IsRepository(root) ? new RepositoryPaths(Path.GetFullPath(root)) : throw new StartupException($"'{root}' is not the Notifier repository (no Notifier.sln).");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (IsRepository(directory.FullName))
                {
                    return new RepositoryPaths(directory.FullName);
                }
            }
        }

        throw new StartupException("Run the local stack from the Notifier repository: no folder above this program or the current folder holds Notifier.sln.");
    }

    private static bool IsRepository(string folder) =>
        File.Exists(Path.Combine(folder, "Notifier.sln")) && File.Exists(Path.Combine(folder, "package.json"));
}
