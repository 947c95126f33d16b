namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>A filter that cannot be parsed or does not type-check; the message names the position (0-based).</summary>
internal sealed class FilterSyntaxException : Exception
{
    public FilterSyntaxException()
    {
    }

    public FilterSyntaxException(string message)
        : base(message)
    {
    }

    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FilterSyntaxException(int position, string message)
        : base($"Invalid filter at position {position}: {message}")
    {
        Position = position;
    }

    public int Position { get; }
}
