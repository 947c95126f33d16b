using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// One publish is one trace: from the publisher's <c>traceparent</c> (an HTTP header, a Service Bus application property,
/// a Storage-queue message field) through validation, storage and the Web PubSub REST call to the emulator's send to the
/// socket, every span under the same trace id, each a child of the step that caused it.
/// </summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class PublishTraceTests : IDisposable
{
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string Publishing = "Notifier.Publishing";
    private const string Push = "Notifier.Push";
    private const string Storage = "Notifier.Storage";
    private const string Queues = "Notifier.QueueTriggers";
    private const string Emulator = "Notifier.Emulator";

    private readonly NotifierEnvironment _stack;
    private readonly SpanRecorder _spans = new();

    public PublishTraceTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
    }

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task An_http_publish_is_one_trace_from_the_request_to_the_emulators_send()
    {
        var user = NotifierClient.NewUser("traced");
        await using var socket = await _stack.Client.ConnectAsync(user);
        var (traceId, publisherSpan, traceparent) = SpanRecorder.NewRemoteParent();
        var id = NotifierClient.NewId();

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications")
        {
            Content = new StringContent($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Traced"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        request.Headers.Add("traceparent", traceparent);
        using var response = await _stack.App.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await socket.ReceiveEnvelopeAsync("notification");

        var spans = await _spans.WaitForTraceAsync(traceId, s => s.Has(Emulator, "send") && s.Has(Publishing, "publish") && s.Count(a => a.Source.Name == AspNetCore) >= 2, "the publish and the emulator's send should be recorded.");

        var publish = spans.One(Publishing, "publish");
        var incoming = Assert.Single(spans, a => a.SpanId == publish.ParentSpanId);
        Assert.Equal(AspNetCore, incoming.Source.Name);
        Assert.Equal(ActivityKind.Server, incoming.Kind);
        Assert.Equal(publisherSpan, incoming.ParentSpanId);
        spans.One(Publishing, "validate").ChildOf(incoming);
        Assert.Equal(id, publish.Tag("notifier.notification.id"));
        Assert.Equal("http", publish.Tag("notifier.source"));
        Assert.Equal("accepted", publish.Tag("notifier.outcome"));

        var tables = spans.All(Storage, "table Notifications").Concat(spans.All(Storage, "table Inbox")).ToList();
        Assert.Contains(tables, t => t.Tag("notifier.storage.table") == "Notifications");
        Assert.Contains(tables, t => t.Tag("notifier.storage.table") == "Inbox");
        Assert.All(tables, t => t.ChildOf(publish));

        var push = spans.One(Push, "push notification");
        push.ChildOf(publish);
        Assert.Equal("user", push.Tag("notifier.push.target"));

        // Azure.Core sent the push span's context as traceparent: the emulator's request continues the trace.
        var atEmulator = Assert.Single(spans, a => a.Source.Name == AspNetCore && a.ParentSpanId == push.SpanId);
        var send = spans.One(Emulator, "send");
        send.ChildOf(atEmulator);
        Assert.Equal("1", send.Tag("notifier.emulator.connections"));
        Assert.All(spans, a => Assert.Equal(traceId, a.TraceId));
    }

    [Fact]
    public async Task A_storage_queue_message_continues_the_trace_of_its_traceparent_field()
    {
        var user = NotifierClient.NewUser("queued");
        await using var socket = await _stack.Client.ConnectAsync(user);
        var (traceId, publisherSpan, traceparent) = SpanRecorder.NewRemoteParent();
        var messageId = Guid.NewGuid().ToString();
        var message = $$"""{"traceparent":"{{traceparent}}","to":{"users":["{{user}}"]},"title":"Queued and traced"}""";

        using var response = await InvokeAsync("queue-notifications", message, $$"""{"DequeueCount":"1","Id":{{Twice(messageId)}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = await socket.ReceiveEnvelopeAsync("notification");

        var spans = await _spans.WaitForTraceAsync(traceId, s => s.Has(Emulator, "send") && s.Has(Queues, "process storage_queue notifications"), "the queue invocation and the emulator's send should be recorded.");
        var process = spans.One(Queues, "process storage_queue notifications");
        Assert.Equal(publisherSpan, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(messageId, process.Tag("messaging.message.id"));

        // The host's invocation (here the local client's request) is linked, not the parent.
        Assert.Single(process.Links);
        spans.One(Publishing, "validate").ChildOf(process);
        var publish = spans.One(Publishing, "publish");
        publish.ChildOf(process);
        Assert.Equal("q-" + messageId, publish.Tag("notifier.notification.id"));
        Assert.Equal("storage_queue", publish.Tag("notifier.source"));
        spans.One(Push, "push notification").ChildOf(publish);
        spans.One(Emulator, "send");

        // The field was metadata: the notification the user got has no trace of it.
        Assert.False(envelope.GetProperty("payload").TryGetProperty("traceparent", out _));
    }

    [Fact]
    public async Task A_service_bus_message_continues_the_trace_of_its_application_property()
    {
        var user = NotifierClient.NewUser("bus");
        await using var socket = await _stack.Client.ConnectAsync(user);
        var (traceId, publisherSpan, traceparent) = SpanRecorder.NewRemoteParent();
        var messageId = Guid.NewGuid().ToString("N");
        var message = $$"""{"to":{"users":["{{user}}"]},"title":"From the bus"}""";

        using var response = await InvokeAsync(
            "servicebus-notifications",
            message,
            $$$"""{"DeliveryCount":"1","MessageId":{{{Twice(messageId)}}},"ApplicationProperties":{"traceparent":{{{Twice(traceparent)}}},"tenant":"t1"},"UserProperties":{"traceparent":{{{Twice(traceparent)}}} }}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await socket.ReceiveEnvelopeAsync("notification");

        var spans = await _spans.WaitForTraceAsync(traceId, s => s.Has(Emulator, "send") && s.Has(Queues, "process service_bus notifications"), "the Service Bus invocation and the emulator's send should be recorded.");
        var process = spans.One(Queues, "process service_bus notifications");
        Assert.Equal(publisherSpan, process.ParentSpanId);
        Assert.Equal("servicebus", process.Tag("messaging.system"));
        var publish = spans.One(Publishing, "publish");
        publish.ChildOf(process);
        Assert.Equal("sb-" + messageId, publish.Tag("notifier.notification.id"));
        Assert.Equal("service_bus", publish.Tag("notifier.source"));
        spans.One(Push, "push notification").ChildOf(publish);
    }

    [Fact]
    public async Task An_invalid_traceparent_field_is_ignored_and_the_message_still_published()
    {
        var user = NotifierClient.NewUser("badtrace");
        var messageId = Guid.NewGuid().ToString();
        var message = $$"""{"traceparent":"not-a-trace","to":{"users":["{{user}}"]},"title":"Still published"}""";

        using var response = await InvokeAsync("queue-notifications", message, $$"""{"DequeueCount":"1","Id":{{Twice(messageId)}}}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("poison", body, StringComparison.Ordinal);
        Assert.Equal("q-" + messageId, (await _stack.Client.InboxAsync(user)).GetProperty("items")[0].GetProperty("notification").GetProperty("id").GetString());
    }

    private Task<HttpResponseMessage> InvokeAsync(string function, string message, string metadata) =>
        _stack.App.Host.PostAsync(function, new StringContent("{\"Data\":{\"message\":" + Twice(message) + "},\"Metadata\":" + metadata + "}", Encoding.UTF8, "application/json"));

    /// <summary>The host's double encoding of string values.</summary>
    private static string Twice(string value) => JsonSerializer.Serialize(JsonSerializer.Serialize(value));
}
