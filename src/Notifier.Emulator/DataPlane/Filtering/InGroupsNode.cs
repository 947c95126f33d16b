using System.Runtime.InteropServices;

namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary><c>'g1' in groups</c>: asks the connection directly rather than copying its group list.</summary>
internal sealed class InGroupsNode : FilterNode
{
    private readonly FilterNode _value;

    public InGroupsNode(FilterNode value, FilterSpan span)
        : base(FilterType.Bool, span)
    {
        _value = value;
    }

    public override FilterValue Evaluate(FilterContext context)
    {
        var value = _value.Evaluate(context);
        if (value.IsNull)
        {
            return FilterValue.False;
        }

        // Literals and connection properties are whole strings already; only a computed name (tolower(...) in groups)
        // needs a string made for the lookup.
        var group = MemoryMarshal.TryGetString(value.Text, out var whole, out var start, out var length) && start == 0 && length == whole.Length
            ? whole
            : value.Text.ToString();
        return FilterValue.FromBool(context.Subject.IsInGroup(group));
    }
}
