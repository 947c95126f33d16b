using System.Globalization;
using System.Text;
using Azure;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// Builds OData <c>$filter</c> expressions with every interpolated value turned into a correctly escaped literal.
/// </summary>
/// <example>
/// <code>
/// var filter = TableFilter.Create($"PartitionKey eq {userId} and RowKey gt {cursor}");
/// // userId = "o'brien"  ->  PartitionKey eq 'o''brien' and RowKey gt '...'
/// </code>
/// </example>
/// <remarks>
/// Literal forms: strings <c>'text'</c> (quotes doubled), <see cref="bool"/> <c>true</c>/<c>false</c>,
/// <see cref="int"/> <c>42</c>, <see cref="long"/> <c>42L</c>, <see cref="double"/> <c>1.5</c>,
/// <see cref="DateTimeOffset"/>/<see cref="DateTime"/> <c>datetime'2025-11-21T10:00:00.0000000Z'</c>,
/// <see cref="Guid"/> <c>guid'...'</c>, <c>byte[]</c>/<see cref="BinaryData"/> <c>X'0a0b'</c>, and <see langword="null"/> <c>null</c>.
/// Other types throw <see cref="ArgumentException"/> rather than being formatted with <c>ToString()</c>.
/// To compose a filter dynamically, pass each value through <see cref="FormatLiteral(object)"/>.
/// </remarks>
public static class TableFilter
{
    /// <summary>Builds a filter from an interpolated string, escaping each interpolated value.</summary>
    /// <param name="filter">The interpolated filter expression.</param>
    /// <returns>The filter text, ready for <c>$filter</c> (URL encoding is done by the client).</returns>
    public static string Create(ref TableFilterInterpolatedStringHandler filter) => filter.ToStringAndClear();

    /// <summary>Formats one value as an OData literal.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The literal, e.g. <c>'o''brien'</c> or <c>42L</c>.</returns>
    /// <exception cref="ArgumentException">The value's type has no table literal form.</exception>
    public static string FormatLiteral(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "true" : "false",
        int or short or byte or sbyte or ushort => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        uint u => ((long)u).ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        DateTimeOffset dto => "datetime'" + dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) + "'",
        DateTime dt => FormatLiteral(dt.Kind == DateTimeKind.Unspecified
            ? throw new ArgumentException("A DateTime with Kind Unspecified is ambiguous in a filter; use UTC or a DateTimeOffset.", nameof(value))
            : new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero)),
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        BinaryData data => "X'" + Convert.ToHexStringLower(data.ToMemory().Span) + "'",
        ReadOnlyMemory<byte> memory => "X'" + Convert.ToHexStringLower(memory.Span) + "'",
        ETag => throw new ArgumentException("ETags cannot be used in table filters.", nameof(value)),
        _ => throw new ArgumentException(
            $"Values of type {value.GetType().Name} have no table filter literal; convert to a supported type first.", nameof(value)),
    };

    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        builder.Append(value.Replace("'", "''", StringComparison.Ordinal));
        return builder.Append('\'').ToString();
    }

    private static string FormatDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("NaN and infinities cannot be used in table filters.", nameof(value));
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);

        // Keeps the literal a double ("2.0", not "2") so the comparison is not read as Edm.Int32.
        return text.AsSpan().IndexOfAny('.', 'E') < 0 ? text + ".0" : text;
    }
}
