namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>A lexical token of a filter: its kind, its value, and where it starts and ends in the filter text.</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Value, long Integer, int Start, int End)
{
    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        FilterTokenKind.End => "the end of the filter",
        FilterTokenKind.String => $"the string '{Value.Replace("'", "''", StringComparison.Ordinal)}'",
        _ => $"'{Value}'",
    };
}
