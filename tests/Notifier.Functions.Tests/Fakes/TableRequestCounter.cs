using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>Counts every request the app sends to table storage, retries included. It changes nothing on the way.</summary>
internal sealed class TableRequestCounter : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
