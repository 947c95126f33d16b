using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// Builds a project's <see cref="FolderGraph"/> from its C# files. A file belongs to the folder its namespace names
/// (namespaces follow folders; a file with no namespace, such as a top-level Program.cs, or with a namespace outside the
/// project, to the folder it is in). It uses a folder when it names that folder's namespace: a <c>using</c>, or a
/// fully-qualified <c>Notifier.X.Folder.Type</c>. Comments and string literals are not code and are skipped. A type of
/// an enclosing namespace needs no using, so such a use is not seen: child folders using their parent are not checked.
/// </summary>
internal static partial class SourceFolders
{
    /// <summary>Reads <c>src/{project}</c> of this repository.</summary>
    public static FolderGraph Read(string project)
    {
        var folder = Repository.FullPath("src/" + project);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"src/{project} does not exist: remove it from the test data, or fix the name.");
        }

        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => new SourceFile(path, File.ReadAllText(Path.Combine(folder, path))));
        var otherProjects = Directory.EnumerateDirectories(Repository.FullPath("src")).Select(Path.GetFileName).OfType<string>();
        return Build(project, files, otherProjects);
    }

    /// <summary>Builds the graph of <paramref name="project"/> (its root namespace) from <paramref name="files"/>.</summary>
    /// <param name="project">The project's name, which is its root namespace.</param>
    /// <param name="files">The project's C# files.</param>
    /// <param name="otherProjects">Names of the repository's projects, so <c>Notifier.A.B</c> is not read as folder B of <c>Notifier.A</c>.</param>
    public static FolderGraph Build(string project, IEnumerable<SourceFile> files, IEnumerable<string> otherProjects)
    {
        var sources = files.Select(file => (file.Path, Code: CodeOnly(file.Text))).ToList();
        var folders = sources.ToDictionary(source => source.Path, source => FolderOf(project, source.Path, source.Code), StringComparer.Ordinal);
        var known = folders.Values.ToHashSet(StringComparer.Ordinal);
        var nested = otherProjects
            .Where(name => name.StartsWith(project + ".", StringComparison.Ordinal))
            .Select(name => name[(project.Length + 1)..].Split('.')[0])
            .ToHashSet(StringComparer.Ordinal);
        var reference = new Regex(@"(?<![\w.])(?:global::)?" + Regex.Escape(project) + @"((?:\s*\.\s*[A-Za-z_]\w*)*)", RegexOptions.CultureInvariant);

        var graph = new FolderGraph();
        foreach (var (path, code) in sources)
        {
            foreach (Match match in reference.Matches(NamespaceDeclaration().Replace(code, " ")))
            {
                var segments = match.Groups[1].Value.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (segments.Length > 0 && nested.Contains(segments[0]))
                {
                    continue;
                }

                graph.Add(folders[path], Target(segments, known), path);
            }
        }

        return graph;
    }

    // The longest run of leading segments that names a folder; what follows is a type (or a member). None: the root.
    private static string Target(string[] segments, HashSet<string> known)
    {
        for (var count = segments.Length; count > 0; count--)
        {
            var candidate = string.Join('.', segments.Take(count));
            if (known.Contains(candidate))
            {
                return candidate;
            }
        }

        return FolderGraph.Root;
    }

    private static string FolderOf(string project, string path, string code)
    {
        var declared = NamespaceDeclaration().Match(code);
        var name = declared.Success ? declared.Groups["name"].Value : null;
        if (string.Equals(name, project, StringComparison.Ordinal))
        {
            return FolderGraph.Root;
        }

        if (name is not null && name.StartsWith(project + ".", StringComparison.Ordinal))
        {
            return name[(project.Length + 1)..];
        }

        var directory = Path.GetDirectoryName(path)?.Replace('\\', '/');
        return string.IsNullOrEmpty(directory) ? FolderGraph.Root : directory.Replace('/', '.');
    }

    private static string CodeOnly(string text) => CommentOrLiteral().Replace(text, " ");

    // Whichever starts first wins, so "//" inside a string and a quote inside a comment are both handled.
    [GeneratedRegex("""
        "{3,}[\s\S]*?"{3,}|@"(?:[^"]|"")*"|"(?:\\.|[^"\\\r\n])*"|'(?:\\.|[^'\\\r\n])+'|/\*[\s\S]*?\*/|//[^\r\n]*
        """, RegexOptions.CultureInvariant)]
    private static partial Regex CommentOrLiteral();

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceDeclaration();
}
