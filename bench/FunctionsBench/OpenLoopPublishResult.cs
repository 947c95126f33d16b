namespace Notifier.Bench.FunctionsBench;

/// <summary>Single-recipient publishes on a fixed schedule, below saturation: the answers, and the pushes they caused.</summary>
/// <remarks>
/// <c>Answers</c>: the requests as sent and their answers' latency (publish start → 202).<br/>
/// <c>EndToEnd</c>: publish start → receipt by the client, per delivery.<br/>
/// <c>Received</c>: deliveries that arrived (one per request when nothing is lost).<br/>
/// </remarks>
internal sealed record OpenLoopPublishResult(SteadyRateResult Answers, Summary EndToEnd, long Received);
