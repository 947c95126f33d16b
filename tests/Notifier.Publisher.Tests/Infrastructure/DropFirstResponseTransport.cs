using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Publisher.Tests.Infrastructure;

/// <summary>
/// A real HTTP transport that loses the answers to the first <c>drops</c> requests after the service has handled them:
/// what a publisher sees when a response times out on the way back. The request reached the app; the caller cannot know.
/// </summary>
public sealed class DropFirstResponseTransport(int drops) : HttpPipelineTransport
{
    private readonly HttpClientTransport _inner = HttpClientTransport.Shared;
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public override Request CreateRequest() => _inner.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        await _inner.ProcessAsync(message);
        if (Interlocked.Increment(ref _sent) <= drops)
        {
            throw new TaskCanceledException("The answer was lost on the way back (simulated timeout).", new TimeoutException());
        }
    }
}
