namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// A function call. Null arguments follow the official emulator: string results become null, <c>indexof</c> is -1
/// and the predicates are false. Strings are sliced (<c>trim</c>, <c>substring</c>) or written to the context's
/// scratch buffer (<c>tolower</c>, <c>toupper</c>, <c>concat</c>), never allocated.
/// </summary>
internal sealed class FunctionNode : FilterNode
{
    private readonly FilterFunction _function;
    private readonly FilterNode[] _arguments;

    public FunctionNode(FilterFunction function, FilterNode[] arguments, FilterType type, FilterSpan span)
        : base(type, span)
    {
        _function = function;
        _arguments = arguments;
    }

    public override FilterValue Evaluate(FilterContext context)
    {
        var first = _arguments[0].Evaluate(context);
        switch (_function)
        {
            case FilterFunction.Length:
                return first.Type switch
                {
                    FilterType.Collection => FilterValue.FromInt(context.Subject.GroupCount),
                    FilterType.String => FilterValue.FromInt(first.Text.Length),
                    _ => FilterValue.Null,
                };
            case FilterFunction.ToLower:
            case FilterFunction.ToUpper:
                if (first.IsNull)
                {
                    return FilterValue.Null;
                }

                var cased = context.Allocate(first.Text.Length);
                if (_function == FilterFunction.ToLower)
                {
                    first.Text.Span.ToLowerInvariant(cased.Span);
                }
                else
                {
                    first.Text.Span.ToUpperInvariant(cased.Span);
                }

                return FilterValue.FromString(cased);
            case FilterFunction.Trim:
                return first.IsNull ? FilterValue.Null : FilterValue.FromString(first.Text.Trim());
            case FilterFunction.Substring:
                return Substring(first, context);
        }

        var second = _arguments[1].Evaluate(context);
        switch (_function)
        {
            case FilterFunction.Concat:
                if (first.IsNull || second.IsNull)
                {
                    return first.IsNull ? second : first;
                }

                var joined = context.Allocate(first.Text.Length + second.Text.Length);
                first.Text.Span.CopyTo(joined.Span);
                second.Text.Span.CopyTo(joined.Span[first.Text.Length..]);
                return FilterValue.FromString(joined);
            case FilterFunction.IndexOf:
                return FilterValue.FromInt(first.IsNull || second.IsNull ? -1 : first.Text.Span.IndexOf(second.Text.Span, StringComparison.Ordinal));
        }

        if (first.IsNull || second.IsNull)
        {
            return FilterValue.False;
        }

        return FilterValue.FromBool(_function switch
        {
            FilterFunction.StartsWith => first.Text.Span.StartsWith(second.Text.Span, StringComparison.Ordinal),
            FilterFunction.EndsWith => first.Text.Span.EndsWith(second.Text.Span, StringComparison.Ordinal),
            _ => first.Text.Span.Contains(second.Text.Span, StringComparison.Ordinal),
        });
    }

    /// <summary>OData semantics: an index past the end gives an empty string, not an error; so do negative lengths.</summary>
    private FilterValue Substring(FilterValue text, FilterContext context)
    {
        var start = _arguments[1].Evaluate(context);
        var length = _arguments.Length > 2 ? _arguments[2].Evaluate(context) : FilterValue.Null;
        if (text.IsNull || start.IsNull || (_arguments.Length > 2 && length.IsNull))
        {
            return FilterValue.Null;
        }

        var total = text.Text.Length;
        var from = (int)Math.Clamp(start.Integer, 0, total);
        var count = _arguments.Length > 2 ? (int)Math.Clamp(length.Integer, 0, total - from) : total - from;
        return FilterValue.FromString(text.Text.Slice(from, count));
    }
}
