namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary><c>x in ('a', 'b')</c>.</summary>
internal sealed class InListNode : FilterNode
{
    private readonly FilterNode _value;
    private readonly FilterNode[] _items;

    public InListNode(FilterNode value, FilterNode[] items, FilterSpan span)
        : base(FilterType.Bool, span)
    {
        _value = value;
        _items = items;
    }

    public override FilterValue Evaluate(FilterContext context)
    {
        var value = _value.Evaluate(context);
        foreach (var item in _items)
        {
            if (value.ValueEquals(item.Evaluate(context)))
            {
                return FilterValue.True;
            }
        }

        return FilterValue.False;
    }
}
