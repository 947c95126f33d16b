using System.Runtime.ExceptionServices;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Publisher.Pipeline;

/// <summary>
/// Retries a request that may succeed later: 408, 429, 500, 502, 503 and 504 (waiting at least the <c>Retry-After</c>
/// the service sent) and transport failures (no answer, a timed-out attempt), with jittered exponential back-off from
/// <see cref="RetryOptions"/>. Never 400, 401, 404, 409, 413 or 415: they answer the same however often they are asked.
/// </summary>
/// <remarks>
/// Every request is safe to repeat because the notification id is chosen before the first attempt: a publish whose
/// answer was lost is a replay the second time. Waits go through <see cref="TimeProvider"/> so tests can move the
/// clock instead of sleeping, which is why this is not Azure.Core's <c>RetryPolicy</c> (its waits are not injectable).
/// </remarks>
internal sealed class PublisherRetryPolicy : HttpPipelinePolicy
{
    private readonly int _maxRetries;
    private readonly DelayStrategy _delays;
    private readonly TimeProvider _time;

    public PublisherRetryPolicy(RetryOptions retry, TimeProvider time)
    {
        _maxRetries = retry.MaxRetries;
        _delays = retry.Mode == RetryMode.Fixed
            ? DelayStrategy.CreateFixedDelayStrategy(retry.Delay)
            : DelayStrategy.CreateExponentialDelayStrategy(retry.Delay, retry.MaxDelay);
        _time = time;
    }

    public static bool IsRetriable(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        for (var retry = 1; ; retry++)
        {
            ExceptionDispatchInfo? failure = null;
            try
            {
                if (async)
                {
                    await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                }
                else
                {
                    ProcessNext(message, pipeline);
                }
            }
            catch (Exception ex) when (IsTransportFailure(ex, message))
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            if (failure is null && !IsRetriable(message.Response.Status))
            {
                return;
            }

            if (retry > _maxRetries)
            {
                failure?.Throw();
                return;
            }

            var delay = _delays.GetNextDelay(failure is null ? message.Response : null, retry);
            await Task.Delay(delay, _time, message.CancellationToken).ConfigureAwait(false);
        }
    }

    // No answer at all: refused or reset connections (RequestFailedException with status 0), or an attempt that ran past
    // NetworkTimeout. A cancellation the caller asked for is not a failure to retry.
    private static bool IsTransportFailure(Exception exception, HttpMessage message) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        IOException or HttpRequestException => true,
        OperationCanceledException => !message.CancellationToken.IsCancellationRequested,
        _ => false,
    };
}
