namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// A node of a parsed, type-checked filter. Its type is fixed when it is parsed, so evaluation cannot meet a type
/// error halfway through a fan-out; evaluation is a virtual call per node and allocates nothing.
/// </summary>
internal abstract class FilterNode
{
    private readonly FilterSpan _span;

    protected FilterNode(FilterType type, FilterSpan span)
    {
        Type = type;
        _span = span;
    }

    /// <summary>The static type; at run time a String or Int expression may also be null.</summary>
    public FilterType Type { get; }

    /// <summary>The node's source text, for error messages; cut from the filter only when asked for.</summary>
    public string Text => _span.Text;

    /// <summary>Where the node starts in the filter (0-based).</summary>
    public int Position => _span.Start;

    public abstract FilterValue Evaluate(FilterContext context);
}
