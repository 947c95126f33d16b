namespace Notifier.Infra.Tests.Checks;

/// <summary>Files of this repository, found from the test assembly's folder.</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds Notifier.sln.</summary>
    public static string Root => LazyRoot.Value;

    public static string FullPath(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string ReadText(string relativePath)
    {
        var path = FullPath(relativePath);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"{relativePath} does not exist (looked in {Root}).", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifier.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Notifier.sln in {AppContext.BaseDirectory} or any folder above it.");
    }
}
