namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary><c>and</c> / <c>or</c>, short-circuiting: both operands were type-checked when parsed.</summary>
internal sealed class LogicalNode : FilterNode
{
    private readonly bool _isAnd;
    private readonly FilterNode _left;
    private readonly FilterNode _right;

    public LogicalNode(bool isAnd, FilterNode left, FilterNode right, FilterSpan span)
        : base(FilterType.Bool, span)
    {
        _isAnd = isAnd;
        _left = left;
        _right = right;
    }

    public override FilterValue Evaluate(FilterContext context)
    {
        var left = _left.Evaluate(context).Boolean;
        if (left != _isAnd)
        {
            return FilterValue.FromBool(left);
        }

        return FilterValue.FromBool(_right.Evaluate(context).Boolean);
    }
}
