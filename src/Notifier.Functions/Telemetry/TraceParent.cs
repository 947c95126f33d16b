using System.Diagnostics;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// W3C trace context carried where no HTTP header can carry it: a Service Bus message's application property, a field of
/// a Storage-queue message. An invalid value is ignored, as W3C asks of a <c>traceparent</c> header: it is observability
/// metadata, and a notification is never refused for it.
/// </summary>
internal static class TraceParent
{
    public const string Name = "traceparent";

    /// <summary>The property the Azure SDKs' Service Bus senders write the same W3C id to.</summary>
    public const string DiagnosticIdName = "Diagnostic-Id";

    public static ActivityContext? Parse(string? traceparent, string? tracestate = null) =>
        !string.IsNullOrEmpty(traceparent) && ActivityContext.TryParse(traceparent, tracestate, isRemote: true, out var context)
            ? context
            : null;

    /// <summary>The context of <paramref name="request"/>'s <c>traceparent</c> header, for when ASP.NET Core made no activity of its own.</summary>
    public static ActivityContext? FromHeaders(HttpRequest request) =>
        request.Headers.TryGetValue(Name, out var value) ? Parse(value.ToString(), request.Headers["tracestate"].ToString()) : null;

    /// <summary>
    /// The parent for a span of this request: default (the current activity, ASP.NET Core's request span) when there
    /// is one, else the request's own <c>traceparent</c>, so the trace holds together when nothing listens to ASP.NET Core.
    /// </summary>
    public static ActivityContext ParentOf(HttpRequest request) =>
        Activity.Current is null && FromHeaders(request) is { } parent ? parent : default;

    /// <summary>
    /// Starts <paramref name="name"/> under the current activity (ASP.NET Core's request span, whose parent is the
    /// request's <c>traceparent</c>), or, when nothing listens to ASP.NET Core, directly under the request's <c>traceparent</c>.
    /// </summary>
    public static Activity? StartUnderRequest(ActivitySource source, string name, HttpRequest request, ActivityKind kind = ActivityKind.Internal) =>
        source.HasListeners() ? source.StartActivity(name, kind, ParentOf(request)) : null;
}
