using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>
/// Lets the first insert into a table, or the first entity-group transaction, that names a partition reach storage and
/// succeed, then loses its answer (an <see cref="IOException"/>, as a dropped connection gives), so the client's retry
/// policy sends it again. Placed per retry, it sits inside that policy.
/// </summary>
internal sealed class LostInsertAnswer(string table, string partitionKey) : HttpPipelinePolicy
{
    private int _lost;

    /// <summary>Gets whether an answer was lost.</summary>
    public bool Lost => Volatile.Read(ref _lost) == 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The app calls storage asynchronously.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        var matches = !Lost && message.Request.Method == RequestMethod.Post
            && (message.Request.Uri.Path.EndsWith("/" + table, StringComparison.Ordinal) || message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal))
            && Body(message).Contains($"\"PartitionKey\":\"{partitionKey}\"", StringComparison.Ordinal);
        await ProcessNextAsync(message, pipeline);
        if (matches && message.Response.Status is 201 or 202 or 204 && !IsFailedTransaction(message) && Interlocked.Exchange(ref _lost, 1) == 0)
        {
            throw new IOException("The connection was closed before the answer arrived.");
        }
    }

    // A transaction's answer is 202 either way; a failed one names its error in the body.
    private static bool IsFailedTransaction(HttpMessage message) =>
        message.Response.Status == 202 && message.Response.Content.ToString().Contains("odata.error", StringComparison.Ordinal);

    private static string Body(HttpMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return string.Empty;
        }

        using var copy = new MemoryStream();
        content.WriteTo(copy, CancellationToken.None);
        return Encoding.UTF8.GetString(copy.GetBuffer(), 0, (int)copy.Length);
    }
}
