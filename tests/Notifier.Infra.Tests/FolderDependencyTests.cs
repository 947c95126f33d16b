using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// No two folders of a source project use each other, directly or round a longer loop: each folder can be read, and
/// moved, knowing only the folders below it.
/// </summary>
public sealed class FolderDependencyTests
{
    /// <summary>Every project under src/, so a new project is checked from its first commit.</summary>
    public static TheoryData<string> Projects
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var project in Directory.EnumerateFiles(Repository.FullPath("src"), "*.csproj", SearchOption.AllDirectories)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Order(StringComparer.Ordinal))
            {
                data.Add(project);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void No_folder_uses_a_folder_that_uses_it(string project)
    {
        var graph = SourceFolders.Read(project);
        var cycle = graph.FindCycle();

        // Every listed project has folders that use others: an empty graph would mean the files were not read.
        Assert.True(graph.EdgeCount > 0, $"src/{project}: no folder uses another, so its files were probably not read.");
        Assert.True(cycle is null, $"src/{project}: folders use each other in a cycle; move what they share to the folder that owns it.\n{(cycle is null ? "" : graph.Describe(cycle))}");
    }

    [Fact]
    public void A_cycle_is_found_and_reported_with_the_files_behind_each_edge()
    {
        var graph = new FolderGraph();
        graph.Add("Hosting", "Connections", "Hosting/Startup.cs");
        graph.Add("Connections", "Upstream", "Connections/Connection.cs");
        graph.Add("Upstream", "Protocols", "Upstream/Invoker.cs");
        graph.Add("Upstream", "Connections", "Upstream/Invoker.cs");

        var cycle = graph.FindCycle();

        Assert.Equal(["Connections", "Upstream", "Connections"], cycle);
        var description = graph.Describe(cycle!);
        Assert.Contains("Connections uses Upstream in Connections/Connection.cs", description, StringComparison.Ordinal);
        Assert.Contains("Upstream uses Connections in Upstream/Invoker.cs", description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_longer_loop_is_a_cycle_and_a_diamond_is_not()
    {
        var loop = new FolderGraph();
        loop.Add("A", "B", "a.cs");
        loop.Add("B", "C", "b.cs");
        loop.Add("C", "A", "c.cs");
        var diamond = new FolderGraph();
        diamond.Add("A", "B", "a.cs");
        diamond.Add("A", "C", "a.cs");
        diamond.Add("B", "D", "b.cs");
        diamond.Add("C", "D", "c.cs");
        diamond.Add("D", "D", "d.cs");

        Assert.Equal(["A", "B", "C", "A"], loop.FindCycle());
        Assert.Null(diamond.FindCycle());
        Assert.False(diamond.Uses("D", "D"));
    }

    [Fact]
    public void Usings_and_qualified_names_are_uses_and_comments_strings_and_other_projects_are_not()
    {
        SourceFile[] files =
        [
            new("Program.cs", "using Sample.Hosting;\nApp.Run();\n"),
            new("Hosting/App.cs", """"
                using Sample.Connections;

                namespace Sample.Hosting;

                /// <summary>Not <see cref="Sample.Upstream.Invoker"/>.</summary>
                internal static class App
                {
                    // Sample.Upstream.Invoker is only mentioned here.
                    private const string Category = "Sample.Upstream";
                    private const string Raw = """
                        Sample.Upstream.Invoker
                        """;

                    public static void Run() => Sample.Protocols.Frame.Write();

                    private static Sample.Extensions.Thing? thing;
                }
                """"),
            new("Connections/Connection.cs", "namespace Sample.Connections;\ninternal sealed class Connection { global::Sample.Upstream.Invoker? invoker; }\n"),
            new("Upstream/Invoker.cs", "namespace Sample.Upstream;\ninternal sealed class Invoker { Sample.Connections.Connection? c; }\n"),
            new("Protocols/Frame.cs", "namespace Sample.Protocols\n{\n    internal static class Frame { public static void Write() { } }\n}\n"),
            new("Rooted.cs", "namespace Sample;\ninternal sealed class Rooted;\n"),
            new("Leaf/Leaf.cs", "namespace Sample.Leaf;\ninternal sealed class Leaf { Sample.Rooted? r; }\n"),
        ];

        var graph = SourceFolders.Build("Sample", files, ["Sample", "Sample.Extensions"]);

        Assert.True(graph.Uses(FolderGraph.Root, "Hosting"));
        Assert.True(graph.Uses("Hosting", "Connections"));
        Assert.True(graph.Uses("Hosting", "Protocols"));
        Assert.False(graph.Uses("Hosting", "Upstream"));
        Assert.False(graph.Uses("Hosting", FolderGraph.Root));
        Assert.True(graph.Uses("Leaf", FolderGraph.Root));
        Assert.Equal(["Connections", "Upstream", "Connections"], graph.FindCycle());
    }
}
