using System.Diagnostics;

namespace Notifier.Emulator.Telemetry;

/// <summary>
/// The emulator's spans (<c>Notifier.Emulator</c>): each REST send (to how many connections it went) and each call to an
/// event handler. A send continues the trace of the call's <c>traceparent</c>, so locally one publish is one trace from
/// the publisher to the sockets; an event-handler call carries its own span's <c>traceparent</c> to the handler.
/// </summary>
internal static class EmulatorActivities
{
    public const string SourceName = "Notifier.Emulator";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts <paramref name="name"/> under ASP.NET Core's request span, or, when nothing listens to ASP.NET Core, under
    /// the request's <c>traceparent</c>.
    /// </summary>
    public static Activity? StartUnderRequest(string name, HttpRequest request)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = default(ActivityContext);
        if (Activity.Current is null
            && request.Headers.TryGetValue("traceparent", out var traceparent)
            && ActivityContext.TryParse(traceparent.ToString(), request.Headers["tracestate"].ToString(), isRemote: true, out var carried))
        {
            parent = carried;
        }

        return Source.StartActivity(name, ActivityKind.Internal, parent);
    }
}
