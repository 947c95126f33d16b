namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>A literal: a string, an integer, <c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed class ConstantNode : FilterNode
{
    private readonly FilterValue _value;

    public ConstantNode(FilterValue value, FilterSpan span)
        : base(value.Type, span)
    {
        _value = value;
    }

    public override FilterValue Evaluate(FilterContext context) => _value;
}
