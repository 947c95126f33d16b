using System.Text.Json;
using Notifier.Functions.Http;

namespace Notifier.Functions.Runtime;

/// <summary>The custom-handler side of a timer function: who may invoke it, what its payload says, what it answers.</summary>
internal static class TimerInvocation
{
    private const int MaxPayloadBytes = 64 * 1024;

    public static IResult Refused(string functionName) => Problems.Problem(
        StatusCodes.Status403Forbidden,
        "Only the Functions host may invoke this function.",
        $"'/{functionName}' takes timer invocations from the Functions host, or standalone from the local stack's timer holding this process's invocation key.");

    /// <summary>Whether the host says the run is a late catch-up; the work is the same either way, only the log says so.</summary>
    public static async Task<bool> ReadPastDueAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxPayloadBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is not { Length: > 0 } bytes)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("timer", out var timer) && timer.ValueKind == JsonValueKind.Object
                && timer.TryGetProperty("IsPastDue", out var pastDue) && pastDue.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The host's invocation answer: no outputs, one log line.</summary>
    public static IResult Completed(string logLine) => new JsonBodyResult(StatusCodes.Status200OK, writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("Outputs");
        writer.WriteEndObject();
        writer.WriteStartArray("Logs");
        writer.WriteStringValue(logLine);
        writer.WriteEndArray();
        writer.WriteNull("ReturnValue");
        writer.WriteEndObject();
    });
}
