namespace Notifier.Testing.Azurite;

/// <summary>Locates the repository root (the folder holding Notifier.sln) from a test's output folder.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() => Find(AppContext.BaseDirectory));

    /// <summary>Gets the repository root.</summary>
    public static string Path => Root.Value;

    /// <summary>Walks up from <paramref name="start"/> to the first folder containing Notifier.sln.</summary>
    /// <param name="start">Where to start, e.g. <see cref="AppContext.BaseDirectory"/>.</param>
    /// <returns>The repository root.</returns>
    public static string Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Notifier.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{start}' contains Notifier.sln.");
    }
}
