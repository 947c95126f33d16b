namespace Notifier.Infra.Tests.Checks;

/// <summary>A Bicep (or .bicepparam) file read as text: comments removed, declarations split out.</summary>
internal sealed class BicepSource
{
    public BicepSource(string displayPath, string text)
    {
        DisplayPath = displayPath;
        try
        {
            Text = BicepScanner.StripComments(text);
            Declarations = BicepScanner.SplitDeclarations(Text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{displayPath}: {e.Message}", e);
        }
    }

    /// <summary>Repository-relative path, for messages.</summary>
    public string DisplayPath { get; }

    /// <summary>The file without comments.</summary>
    public string Text { get; }

    public IReadOnlyList<BicepDeclaration> Declarations { get; }

    public IEnumerable<BicepDeclaration> OfKind(string kind) =>
        Declarations.Where(d => string.Equals(d.Kind, kind, StringComparison.Ordinal));

    public BicepDeclaration? Find(string kind, string name) =>
        OfKind(kind).FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>The value of <c>var name = '...'</c>, or null when it is missing or not a plain string.</summary>
    public string? StringVariable(string name)
    {
        var value = Find("var", name)?.Value;
        return value is not null && value.StartsWith('\'') && BicepScanner.StringLiterals(value) is [var only]
            && value.Length == only.Length + 2
            ? only
            : null;
    }

    /// <summary>The string items of <c>var name = [ '...' ]</c>, or null when it is missing.</summary>
    public IReadOnlyList<string>? StringArrayVariable(string name)
    {
        var value = Find("var", name)?.Value;
        return value is not null && value.StartsWith('[') ? BicepScanner.StringLiterals(value) : null;
    }
}
