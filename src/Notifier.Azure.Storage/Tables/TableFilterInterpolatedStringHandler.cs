using System.Runtime.CompilerServices;

namespace Notifier.Azure.Storage.Tables;

/// <summary>
/// Interpolated string handler for <see cref="TableFilter.Create(ref TableFilterInterpolatedStringHandler)"/>:
/// literal text is kept as written and each hole becomes an escaped OData literal.
/// </summary>
[InterpolatedStringHandler]
public ref struct TableFilterInterpolatedStringHandler
{
    private DefaultInterpolatedStringHandler _inner;

    /// <summary>Creates the handler; called by the compiler.</summary>
    /// <param name="literalLength">Total length of the literal parts.</param>
    /// <param name="formattedCount">Number of holes.</param>
    public TableFilterInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        _inner = new DefaultInterpolatedStringHandler(literalLength + (formattedCount * 16), formattedCount);
    }

    /// <summary>Appends literal filter text unchanged; called by the compiler.</summary>
    /// <param name="value">The literal text.</param>
    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    /// <summary>Appends a value as an escaped OData literal; called by the compiler.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    public void AppendFormatted<T>(T value) => _inner.AppendLiteral(TableFilter.FormatLiteral(value));

    /// <summary>Returns the built filter and releases the buffer.</summary>
    /// <returns>The filter text.</returns>
    public string ToStringAndClear() => _inner.ToStringAndClear();
}
