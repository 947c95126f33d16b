using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// One top-level Bicep declaration, for example <c>resource app 'Microsoft.Web/sites@2024-04-01' = { ... }</c>:
/// <see cref="Kind"/> <c>resource</c>, <see cref="Name"/> <c>app</c>, <see cref="Target"/> the quoted type (for
/// resources and modules) or the declared type (params and outputs), <see cref="Value"/> the text after the
/// first top-level <c>=</c> (empty for a param without a default).
/// </summary>
internal sealed partial record BicepDeclaration(
    string Kind,
    string Name,
    string Target,
    bool IsExisting,
    bool HasValue,
    string Value,
    string Text,
    IReadOnlyList<string> Decorators)
{
    public bool IsSecure => Decorators.Any(d => d.StartsWith("@secure(", StringComparison.Ordinal)
        || d.StartsWith("@sys.secure(", StringComparison.Ordinal));

    public static BicepDeclaration Parse(string text, IReadOnlyList<string> decorators)
    {
        var equals = BicepScanner.IndexOutsideStrings(text, '=', 0);
        var header = equals < 0 ? text : text[..equals];
        var value = equals < 0 ? "" : text[(equals + 1)..].Trim();
        var match = HeaderPattern().Match(header.Trim());
        if (!match.Success)
        {
            throw new FormatException($"Cannot read the declaration '{header.Trim()}'.");
        }

        var kind = match.Groups["kind"].Value;
        var name = match.Groups["name"].Value;
        var rest = match.Groups["rest"].Value.Trim();
        var existing = false;
        var target = rest;
        if (kind is "resource" or "module")
        {
            var literals = BicepScanner.StringLiterals(rest);
            target = literals.Count > 0 ? literals[0] : "";
            existing = rest.EndsWith(" existing", StringComparison.Ordinal);
        }

        return new BicepDeclaration(kind, name, target, existing, equals >= 0, value, text, decorators);
    }

    [GeneratedRegex(@"^(?<kind>[A-Za-z]+)(?:\s+(?<name>[A-Za-z_][A-Za-z0-9_]*))?(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex HeaderPattern();
}
