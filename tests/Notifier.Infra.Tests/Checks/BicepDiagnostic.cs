using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// A diagnostic of the Bicep CLI's default format, <c>path(line,column) : Level code: message</c>; a line of standard
/// error in any other form is kept whole as an <c>Unrecognized</c> diagnostic, so nothing the CLI says is dropped.
/// </summary>
internal sealed partial record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    public const string UnrecognizedLevel = "Unrecognized";

    public static IReadOnlyList<BicepDiagnostic> ParseAll(string stderr) =>
        stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Parse)
            .ToList();

    public static BicepDiagnostic Parse(string line) =>
        Format().Match(line) is { Success: true } match
            ? new BicepDiagnostic(
                match.Groups["file"].Value,
                int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["level"].Value,
                match.Groups["code"].Value,
                match.Groups["message"].Value)
            : new BicepDiagnostic("", 0, 0, UnrecognizedLevel, "", line);

    /// <summary>The diagnostic with <paramref name="root"/> taken off its path.</summary>
    public string Describe(string root)
    {
        if (Level == UnrecognizedLevel)
        {
            return Message;
        }

        var file = File.StartsWith(root, StringComparison.Ordinal)
            ? File[root.Length..].TrimStart(Path.DirectorySeparatorChar, '/').Replace(Path.DirectorySeparatorChar, '/')
            : File;
        return $"{file}({Line},{Column}): {Level} {Code}: {Message}";
    }

    [GeneratedRegex(@"^(?<file>.+)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$")]
    private static partial Regex Format();
}
