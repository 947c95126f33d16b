namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// A value met while evaluating a filter. Strings are slices of the connection's own strings, of literals or of the
/// evaluation's scratch buffer, so evaluating a filter against a connection allocates nothing.
/// </summary>
internal readonly struct FilterValue
{
    public static FilterValue Null => default;
    public static readonly FilterValue True = new(FilterType.Bool, true, 0, default);
    public static readonly FilterValue False = new(FilterType.Bool, false, 0, default);
    public static readonly FilterValue Groups = new(FilterType.Collection, false, 0, default);

    private FilterValue(FilterType type, bool boolean, long integer, ReadOnlyMemory<char> text)
    {
        Type = type;
        Boolean = boolean;
        Integer = integer;
        Text = text;
    }

    public FilterType Type { get; }

    public bool Boolean { get; }

    public long Integer { get; }

    public ReadOnlyMemory<char> Text { get; }

    public bool IsNull => Type == FilterType.Null;

    public static FilterValue FromBool(bool value) => value ? True : False;

    public static FilterValue FromInt(long value) => new(FilterType.Int, false, value, default);

    public static FilterValue FromString(ReadOnlyMemory<char> value) => new(FilterType.String, false, 0, value);

    /// <summary>A connection's string, or <see cref="Null"/> when it has none.</summary>
    public static FilterValue FromString(string? value) => value is null ? Null : FromString(value.AsMemory());

    /// <summary>OData equality: same type and value; <c>null</c> equals only <c>null</c>. Strings compare ordinally.</summary>
    public bool ValueEquals(FilterValue other)
    {
        if (Type != other.Type)
        {
            return false;
        }

        return Type switch
        {
            FilterType.Null => true,
            FilterType.Bool => Boolean == other.Boolean,
            FilterType.Int => Integer == other.Integer,
            FilterType.String => Text.Span.SequenceEqual(other.Text.Span),
            _ => false,
        };
    }

    public override string ToString() => Type switch
    {
        FilterType.Null => "null",
        FilterType.Bool => Boolean ? "true" : "false",
        FilterType.Int => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FilterType.String => "'" + Text.ToString().Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => "groups",
    };
}
