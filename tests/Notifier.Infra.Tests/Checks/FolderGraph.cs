using System.Text;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// "Folder A uses folder B" inside one project, each edge with the files that make it, so a cycle can be reported with
/// the files to change.
/// </summary>
internal sealed class FolderGraph
{
    /// <summary>The project's root folder (its root namespace).</summary>
    public const string Root = "(root)";

    private readonly SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    public int EdgeCount => _edges.Values.Sum(targets => targets.Count);

    /// <summary>Records that <paramref name="from"/> uses <paramref name="to"/> in <paramref name="file"/>; a folder using itself is no edge.</summary>
    public void Add(string from, string to, string file)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return;
        }

        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        }

        if (!targets.TryGetValue(to, out var files))
        {
            targets[to] = files = new SortedSet<string>(StringComparer.Ordinal);
        }

        files.Add(file);
    }

    public bool Uses(string from, string to) => _edges.TryGetValue(from, out var targets) && targets.ContainsKey(to);

    /// <summary>
    /// A cycle as the folders along it, the first repeated at the end (<c>[A, B, A]</c>), or null when there is none.
    /// Folders and edges are visited in order, so the same graph always reports the same cycle.
    /// </summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in _edges.Keys)
        {
            if (Visit(start, done, path) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>One line per edge of <paramref name="cycle"/>, naming the files behind it.</summary>
    public string Describe(IReadOnlyList<string> cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var text = new StringBuilder(string.Join(" -> ", cycle));
        for (var i = 0; i + 1 < cycle.Count; i++)
        {
            var files = _edges[cycle[i]][cycle[i + 1]];
            text.AppendLine().Append("  ").Append(cycle[i]).Append(" uses ").Append(cycle[i + 1]).Append(" in ").AppendJoin(", ", files);
        }

        return text.ToString();
    }

    private List<string>? Visit(string folder, HashSet<string> done, List<string> path)
    {
        var onPath = path.IndexOf(folder);
        if (onPath >= 0)
        {
            return [.. path.Skip(onPath), folder];
        }

        if (done.Contains(folder))
        {
            return null;
        }

        path.Add(folder);
        if (_edges.TryGetValue(folder, out var targets))
        {
            foreach (var target in targets.Keys)
            {
                if (Visit(target, done, path) is { } cycle)
                {
                    return cycle;
                }
            }
        }

        path.RemoveAt(path.Count - 1);
        done.Add(folder);
        return null;
    }
}
