using Azure.Core;
using Azure.Core.Pipeline;
using Xunit;

namespace Notifier.Testing.Transport;

/// <summary>
/// An Azure.Core transport that never touches the network: it records every request (with its body read out)
/// and answers with a response chosen by the test.
/// </summary>
public sealed class RecordingTransport : HttpPipelineTransport
{
    private readonly Func<RecordedRequest, RecordedResponse> _respond;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();

    public RecordingTransport(Func<RecordedRequest, RecordedResponse> respond)
    {
        _respond = respond;
    }

    public RecordingTransport(int status = 200)
        : this(_ => new RecordedResponse(status))
    {
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public RecordedRequest OnlyRequest => Assert.Single(Requests);

    public override Request CreateRequest() => new RecordedRequestBuilder();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        var request = (RecordedRequestBuilder)message.Request;
        byte[] body = [];
        if (request.Content is not null)
        {
            using var buffer = new MemoryStream();
            await request.Content.WriteToAsync(buffer, message.CancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Name] = header.Value;
        }

        var recorded = new RecordedRequest(request.Method.Method, request.Uri.ToUri(), headers, body);
        lock (_lock)
        {
            _requests.Add(recorded);
        }

        message.Response = _respond(recorded).ToResponse(request.ClientRequestId);
    }
}
