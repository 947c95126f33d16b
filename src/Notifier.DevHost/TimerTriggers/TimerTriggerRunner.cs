using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Notifier.DevHost.TimerTriggers;

/// <summary>
/// Does what the Functions host's timer trigger does for a custom handler: at each occurrence of the schedule (UTC), posts
/// <c>{ "Data": { binding: TimerInfo }, "Metadata": { "sys": … } }</c> to <c>/{function}</c>, where TimerInfo is
/// <c>{ Schedule: { AdjustForDST }, ScheduleStatus: { Last, Next, LastUpdated }, IsPastDue }</c>. Runs never overlap:
/// the next occurrence is the first after the run started, and a run that took longer than the period is followed at
/// once. A failed run is logged and not retried, as the host does without a retry policy.
/// </summary>
internal sealed partial class TimerTriggerRunner
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly DateTimeOffset NeverRan = new(1, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TimerFunction _function;
    private readonly HttpClient _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TimerTriggerRunner(TimerFunction function, HttpClient handler, TimeProvider time, ILogger logger)
    {
        _function = function;
        _handler = handler;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = NeverRan;
        var next = _function.Schedule.Next(_time.GetUtcNow());
        if (_function.RunOnStartup)
        {
            last = await InvokeAsync(last, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = next - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            var started = await InvokeAsync(last, next, cancellationToken).ConfigureAwait(false);
            last = started;
            next = _function.Schedule.Next(started);
        }
    }

    /// <summary>Posts one invocation; returns when it started.</summary>
    internal async Task<DateTimeOffset> InvokeAsync(DateTimeOffset last, DateTimeOffset next, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        using var content = new ByteArrayContent(Payload(last, next, started));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, _function.Name) { Content = content };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        try
        {
            using var response = await _handler.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Log.Failed(_logger, _function.Name, (int)response.StatusCode);
            }
        }
        catch (HttpRequestException ex)
        {
            Log.Unreachable(_logger, ex, _function.Name);
        }

        return started;
    }

    internal byte[] Payload(DateTimeOffset last, DateTimeOffset next, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Data");
            writer.WriteStartObject(_function.BindingName);
            writer.WriteStartObject("Schedule");
            writer.WriteBoolean("AdjustForDST", true);
            writer.WriteEndObject();
            writer.WriteStartObject("ScheduleStatus");
            writer.WriteString("Last", last);
            writer.WriteString("Next", next);
            writer.WriteString("LastUpdated", last);
            writer.WriteEndObject();
            writer.WriteBoolean("IsPastDue", false);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("Metadata");
            writer.WriteStartObject("sys");
            writer.WriteString("MethodName", _function.Name);
            writer.WriteString("UtcNow", now);
            writer.WriteString("RandGuid", Guid.NewGuid());
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Timer {Function} failed with status {Status}; the next occurrence runs as scheduled.")]
        public static partial void Failed(ILogger logger, string function, int status);

        [LoggerMessage(2, LogLevel.Warning, "Timer {Function} could not reach the function app; the next occurrence runs as scheduled.")]
        public static partial void Unreachable(ILogger logger, Exception exception, string function);
    }
}
