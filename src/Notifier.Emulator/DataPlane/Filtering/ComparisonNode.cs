namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// <c>eq ne gt ge lt le</c>. Equality compares values of one type (or <c>null</c>); ordering compares integers or
/// strings (ordinally) and is false when either side is null, as in OData.
/// </summary>
internal sealed class ComparisonNode : FilterNode
{
    private readonly ComparisonOperator _operator;
    private readonly FilterNode _left;
    private readonly FilterNode _right;

    public ComparisonNode(ComparisonOperator op, FilterNode left, FilterNode right, FilterSpan span)
        : base(FilterType.Bool, span)
    {
        _operator = op;
        _left = left;
        _right = right;
    }

    public override FilterValue Evaluate(FilterContext context)
    {
        var left = _left.Evaluate(context);
        var right = _right.Evaluate(context);
        switch (_operator)
        {
            case ComparisonOperator.Equal:
                return FilterValue.FromBool(left.ValueEquals(right));
            case ComparisonOperator.NotEqual:
                return FilterValue.FromBool(!left.ValueEquals(right));
        }

        if (left.IsNull || right.IsNull)
        {
            return FilterValue.False;
        }

        var order = left.Type == FilterType.Int
            ? left.Integer.CompareTo(right.Integer)
            : left.Text.Span.SequenceCompareTo(right.Text.Span);
        return FilterValue.FromBool(_operator switch
        {
            ComparisonOperator.GreaterThan => order > 0,
            ComparisonOperator.GreaterThanOrEqual => order >= 0,
            ComparisonOperator.LessThan => order < 0,
            _ => order <= 0,
        });
    }
}
