namespace Notifier.Emulator.DataPlane.Filtering;

internal sealed class NotNode : FilterNode
{
    private readonly FilterNode _operand;

    public NotNode(FilterNode operand, FilterSpan span)
        : base(FilterType.Bool, span)
    {
        _operand = operand;
    }

    public override FilterValue Evaluate(FilterContext context) => FilterValue.FromBool(!_operand.Evaluate(context).Boolean);
}
