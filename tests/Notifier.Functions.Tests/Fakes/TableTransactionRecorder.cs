using System.Collections.Concurrent;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>
/// Records the body of every entity-group transaction the app sends to table storage (a <c>$batch</c> request), as
/// sent, so a test can count the transactions that touched one partition. It changes nothing on the way.
/// </summary>
internal sealed class TableTransactionRecorder : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _bodies = new();

    /// <summary>Counts the transactions whose body names this partition key.</summary>
    public int CountFor(string partitionKey)
    {
        var needle = $"\"PartitionKey\":\"{partitionKey}\"";
        return _bodies.Count(body => body.Contains(needle, StringComparison.Ordinal));
    }

    /// <summary>The size in bytes of the largest transaction whose body names this partition key.</summary>
    public int LargestFor(string partitionKey)
    {
        var needle = $"\"PartitionKey\":\"{partitionKey}\"";
        return _bodies.Where(body => body.Contains(needle, StringComparison.Ordinal)).Select(Encoding.UTF8.GetByteCount).DefaultIfEmpty().Max();
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && message.Request.Content is { } content)
        {
            using var copy = new MemoryStream();
            content.WriteTo(copy, CancellationToken.None);
            _bodies.Enqueue(Encoding.UTF8.GetString(copy.GetBuffer(), 0, (int)copy.Length));
        }
    }
}
