using Azure;

namespace Notifier.Functions.Http;

/// <summary>Tells failures of storage or Web PubSub (answer 503, retry later) from bugs (500).</summary>
internal static class Unavailability
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        RequestFailedException { ErrorCode: "TableNotFound" or "QueueNotFound" } => true,
        HttpRequestException => true,
        TimeoutException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
