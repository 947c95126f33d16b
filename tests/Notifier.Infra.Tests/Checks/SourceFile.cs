namespace Notifier.Infra.Tests.Checks;

/// <summary>A C# file of a project: its path from the project's folder ('/'-separated) and its text.</summary>
internal sealed record SourceFile(string Path, string Text);
