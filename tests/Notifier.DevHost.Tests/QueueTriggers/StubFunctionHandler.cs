using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Notifier.DevHost.Tests.QueueTriggers;

/// <summary>
/// Stands in for the custom handler: answers every invocation with <see cref="Status"/> and <see cref="ResponseBody"/>
/// and keeps what it was sent, so the pump is tested alone, without a function app.
/// </summary>
internal sealed class StubFunctionHandler : HttpMessageHandler
{
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string ResponseBody { get; set; } = """{"Outputs":{}}""";

    public ConcurrentQueue<ReceivedInvocation> Received { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var invocationId = request.Headers.TryGetValues("X-Azure-Functions-InvocationId", out var values) ? values.Single() : null;
        Received.Enqueue(new ReceivedInvocation(request.Method, request.RequestUri!.AbsolutePath, invocationId, body));
        return new HttpResponseMessage(Status) { Content = new StringContent(ResponseBody, Encoding.UTF8, "application/json") };
    }
}
