namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>A connection property: <c>userId</c>, <c>connectionId</c>, <c>protocol</c> or <c>groups</c>.</summary>
internal sealed class PropertyNode : FilterNode
{
    public PropertyNode(FilterProperty property, FilterSpan span)
        : base(property == FilterProperty.Groups ? FilterType.Collection : FilterType.String, span)
    {
        Property = property;
    }

    public FilterProperty Property { get; }

    public override FilterValue Evaluate(FilterContext context) => Property switch
    {
        FilterProperty.UserId => FilterValue.FromString(context.Subject.UserId),
        FilterProperty.ConnectionId => FilterValue.FromString(context.Subject.ConnectionId),
        FilterProperty.Protocol => FilterValue.FromString(context.Subject.Protocol),
        _ => FilterValue.Groups,
    };
}
