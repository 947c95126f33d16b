using System.Diagnostics.CodeAnalysis;

namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// A parsed OData <c>filter</c> of the data-plane API (send to all, user or group; add to / remove from groups),
/// evaluated against connections. Parse one per request: it owns the scratch space of its evaluations, so it is not
/// thread-safe, and evaluating it against each connection of a fan-out allocates nothing.
/// </summary>
internal sealed class ConnectionFilter
{
    private readonly FilterNode _root;
    private readonly FilterContext _context = new();

    private ConnectionFilter(string text, FilterNode root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; the error names the position of the problem.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ConnectionFilter? filter, [NotNullWhen(false)] out string? error)
    {
        try
        {
            filter = new ConnectionFilter(text, FilterParser.Parse(text));
            error = null;
            return true;
        }
        catch (FilterSyntaxException e)
        {
            filter = null;
            error = e.Message;
            return false;
        }
    }

    public bool Matches(IFilterSubject subject)
    {
        _context.Reset(subject);
        return _root.Evaluate(_context).Boolean;
    }

    public override string ToString() => Text;
}
