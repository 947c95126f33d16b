using System.Diagnostics;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>Finds spans of a recorded trace by source and name.</summary>
public static class SpanAssertions
{
    public static Activity One(this IReadOnlyList<Activity> spans, string source, string name) =>
        Assert.Single(spans, a => a.Source.Name == source && a.DisplayName == name);

    public static IEnumerable<Activity> All(this IReadOnlyList<Activity> spans, string source, string name) =>
        spans.Where(a => a.Source.Name == source && a.DisplayName == name);

    public static bool Has(this IReadOnlyList<Activity> spans, string source, string name) =>
        spans.Any(a => a.Source.Name == source && a.DisplayName == name);

    public static void ChildOf(this Activity child, Activity parent) =>
        Assert.True(child.ParentSpanId == parent.SpanId, $"{child.DisplayName} ({child.Source.Name}) should be a child of {parent.DisplayName} ({parent.Source.Name}), but its parent is {child.ParentSpanId}.");

    public static string? Tag(this Activity activity, string name) => activity.GetTagItem(name)?.ToString();
}
