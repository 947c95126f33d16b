using System.Text;
using Azure;
using Notifier.Azure.Storage.Queues;
using Notifier.Azure.Storage.Tests.Infrastructure;
using Notifier.Testing.Transport;

namespace Notifier.Azure.Storage.Tests.Queues;

public sealed class QueueRequestTests
{
    private const string SentXml = """
        <?xml version="1.0" encoding="utf-8"?><QueueMessagesList><QueueMessage><MessageId>5974b586-0df3-4e2d-ad0c-18e3892bfca2</MessageId><InsertionTime>Fri, 21 Nov 2025 10:00:00 GMT</InsertionTime><ExpirationTime>Fri, 31 Dec 9999 23:59:59 GMT</ExpirationTime><PopReceipt>YzQ4Yzg1MDItYTc0Ny00OWNjLTkxYTUtZGM0MDFiZDAwYzEw</PopReceipt><TimeNextVisible>Fri, 21 Nov 2025 10:00:10 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>
        """;

    [Fact]
    public async Task CreateIfNotExists_PutsQueue()
    {
        var transport = new RecordingTransport(201);

        var created = await TestClients.Queue(transport).CreateIfNotExistsAsync();

        Assert.True(created.Value);
        Assert.Equal("PUT", transport.OnlyRequest.Method);
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1/myqueue", transport.OnlyRequest.Uri.AbsoluteUri);
        Assert.Equal("2021-12-02", transport.OnlyRequest.Header("x-ms-version"));
        Assert.Equal(TestClients.FixedDate, transport.OnlyRequest.Header("x-ms-date"));
    }

    [Theory]
    [InlineData(204, false)]
    [InlineData(409, false)]
    public async Task CreateIfNotExists_ExistingQueue_ReturnsFalse(int status, bool created)
    {
        var result = await TestClients.Queue(new RecordingTransport(status)).CreateIfNotExistsAsync();

        Assert.Equal(created, result.Value);
    }

    [Fact]
    public async Task DeleteIfExists_DeletesQueue()
    {
        var transport = new RecordingTransport(404);

        var deleted = await TestClients.Queue(transport).DeleteIfExistsAsync();

        Assert.False(deleted.Value);
        Assert.Equal("DELETE", transport.OnlyRequest.Method);
        Assert.Equal("/devstoreaccount1/myqueue", transport.OnlyRequest.Uri.AbsolutePath);
    }

    [Fact]
    public async Task SendMessage_PostsBase64TextInXml_WithVisibilityAndNeverExpiringTtl()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(201, SentXml, "application/xml"));

        var receipt = (await TestClients.Queue(transport).SendMessageAsync("{\"userId\":\"u1\"}", TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan)).Value;

        var request = transport.OnlyRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/devstoreaccount1/myqueue/messages", request.Uri.AbsolutePath);
        Assert.Equal(["10"], request.Query("visibilitytimeout"));
        Assert.Equal(["-1"], request.Query("messagettl"));
        Assert.Equal("application/xml", request.Header("Content-Type"));
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"userId\":\"u1\"}"));
        Assert.Equal($"<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>{base64}</MessageText></QueueMessage>", request.BodyText);
        Assert.Equal("5974b586-0df3-4e2d-ad0c-18e3892bfca2", receipt.MessageId);
        Assert.Equal("YzQ4Yzg1MDItYTc0Ny00OWNjLTkxYTUtZGM0MDFiZDAwYzEw", receipt.PopReceipt);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 0, 0, TimeSpan.Zero), receipt.InsertedOn);
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), receipt.ExpiresOn);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 0, 10, TimeSpan.Zero), receipt.NextVisibleOn);
    }

    [Fact]
    public async Task SendMessage_Defaults_OmitOptionalParameters()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(201, SentXml, "application/xml"));

        await TestClients.Queue(transport).SendMessageAsync("x", timeToLive: TimeSpan.FromHours(1));

        Assert.Empty(transport.OnlyRequest.Query("visibilitytimeout"));
        Assert.Equal(["3600"], transport.OnlyRequest.Query("messagettl"));
    }

    [Fact]
    public async Task SendMessage_NoEncoding_EscapesXmlSpecialCharacters()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(201, SentXml, "application/xml"));

        await TestClients.Queue(transport, encoding: StorageQueueMessageEncoding.None).SendMessageAsync("<a> & \"b\"\r\n");

        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>&lt;a&gt; &amp; \"b\"&#xD;\n</MessageText></QueueMessage>",
            transport.OnlyRequest.BodyText);
    }

    [Fact]
    public async Task SendMessage_NoEncoding_TextXmlCannotCarry_IsRejected()
    {
        var transport = new RecordingTransport(201);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => TestClients.Queue(transport, encoding: StorageQueueMessageEncoding.None).SendMessageAsync("bell \u0007"));

        Assert.Contains("Base64", error.Message, StringComparison.Ordinal);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task ReceiveMessages_QueriesCountAndVisibility_AndDecodesMessages()
    {
        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes("héllo <world>"));
        var body = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <QueueMessagesList>
              <QueueMessage>
                <MessageId>id-1</MessageId>
                <InsertionTime>Fri, 21 Nov 2025 10:00:00 GMT</InsertionTime>
                <ExpirationTime>Fri, 28 Nov 2025 10:00:00 GMT</ExpirationTime>
                <PopReceipt>AgAAAAMAAAAAAAAA+/=</PopReceipt>
                <TimeNextVisible>Fri, 21 Nov 2025 10:00:30 GMT</TimeNextVisible>
                <DequeueCount>3</DequeueCount>
                <MessageText>{text}</MessageText>
              </QueueMessage>
              <QueueMessage>
                <MessageId>id-2</MessageId>
                <InsertionTime>Fri, 21 Nov 2025 10:00:01 GMT</InsertionTime>
                <ExpirationTime>Fri, 28 Nov 2025 10:00:01 GMT</ExpirationTime>
                <PopReceipt>pr2</PopReceipt>
                <TimeNextVisible>Fri, 21 Nov 2025 10:00:30 GMT</TimeNextVisible>
                <DequeueCount>1</DequeueCount>
                <MessageText>not base64 !</MessageText>
              </QueueMessage>
            </QueueMessagesList>
            """;
        var transport = new RecordingTransport(_ => new RecordedResponse(200, body, "application/xml"));

        var messages = (await TestClients.Queue(transport).ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;

        var request = transport.OnlyRequest;
        Assert.Equal("GET", request.Method);
        Assert.Equal("/devstoreaccount1/myqueue/messages", request.Uri.AbsolutePath);
        Assert.Equal(["32"], request.Query("numofmessages"));
        Assert.Equal(["30"], request.Query("visibilitytimeout"));
        Assert.Equal(2, messages.Count);
        var first = messages[0];
        Assert.Equal("id-1", first.MessageId);
        Assert.Equal("AgAAAAMAAAAAAAAA+/=", first.PopReceipt);
        Assert.Equal(3, first.DequeueCount);
        Assert.Equal("héllo <world>", first.MessageText);
        Assert.True(first.IsDecoded);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 0, 30, TimeSpan.Zero), first.NextVisibleOn);
        Assert.Equal(new DateTimeOffset(2025, 11, 28, 10, 0, 0, TimeSpan.Zero), first.ExpiresOn);
        Assert.False(messages[1].IsDecoded);
        Assert.Equal("not base64 !", messages[1].MessageText);
    }

    [Fact]
    public async Task ReceiveMessages_EmptyQueue_ReturnsEmpty()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, "<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList />", "application/xml"));

        var messages = (await TestClients.Queue(transport).ReceiveMessagesAsync()).Value;

        Assert.Empty(messages);
        Assert.Equal(["1"], transport.OnlyRequest.Query("numofmessages"));
        Assert.Empty(transport.OnlyRequest.Query("visibilitytimeout"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task ReceiveAndPeek_MaxMessagesOutOfRange_Throw(int max)
    {
        var queue = TestClients.Queue(new RecordingTransport(200));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(max));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.PeekMessagesAsync(max));
    }

    [Fact]
    public async Task PeekMessages_UsesPeekOnly()
    {
        var body = """<QueueMessagesList><QueueMessage><MessageId>id</MessageId><InsertionTime>Fri, 21 Nov 2025 10:00:00 GMT</InsertionTime><ExpirationTime>Fri, 28 Nov 2025 10:00:00 GMT</ExpirationTime><DequeueCount>0</DequeueCount><MessageText>aGk=</MessageText></QueueMessage></QueueMessagesList>""";
        var transport = new RecordingTransport(_ => new RecordedResponse(200, body, "application/xml"));

        var peeked = Assert.Single((await TestClients.Queue(transport).PeekMessagesAsync(5)).Value);

        Assert.Equal(["true"], transport.OnlyRequest.Query("peekonly"));
        Assert.Equal(["5"], transport.OnlyRequest.Query("numofmessages"));
        Assert.Equal("hi", peeked.MessageText);
        Assert.Equal(0, peeked.DequeueCount);
    }

    [Fact]
    public async Task DeleteMessage_EncodesPopReceiptInQuery()
    {
        var transport = new RecordingTransport(204);

        await TestClients.Queue(transport).DeleteMessageAsync("id-1", "AgAA+/=");

        var request = transport.OnlyRequest;
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/devstoreaccount1/myqueue/messages/id-1", request.Uri.AbsolutePath);
        Assert.Equal("?popreceipt=AgAA%2B%2F%3D", request.Uri.Query);
        Assert.Equal(["AgAA+/="], request.Query("popreceipt"));
    }

    [Fact]
    public async Task UpdateMessage_PutsNewTextAndVisibility_AndReturnsNewPopReceipt()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(204)
        {
            Headers = { ["x-ms-popreceipt"] = "new+receipt", ["x-ms-time-next-visible"] = "Fri, 21 Nov 2025 10:05:00 GMT" },
        });

        var receipt = (await TestClients.Queue(transport).UpdateMessageAsync("id-1", "old/receipt", TimeSpan.FromMinutes(5), "v2")).Value;

        var request = transport.OnlyRequest;
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/devstoreaccount1/myqueue/messages/id-1", request.Uri.AbsolutePath);
        Assert.Equal(["old/receipt"], request.Query("popreceipt"));
        Assert.Equal(["300"], request.Query("visibilitytimeout"));
        Assert.Equal("<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>djI=</MessageText></QueueMessage>", request.BodyText);
        Assert.Equal("new+receipt", receipt.PopReceipt);
        Assert.Equal(new DateTimeOffset(2025, 11, 21, 10, 5, 0, TimeSpan.Zero), receipt.NextVisibleOn);
    }

    [Fact]
    public async Task UpdateMessage_VisibilityOnly_SendsNoBody()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(204)
        {
            Headers = { ["x-ms-popreceipt"] = "r2", ["x-ms-time-next-visible"] = "Fri, 21 Nov 2025 10:00:00 GMT" },
        });

        await TestClients.Queue(transport).UpdateMessageAsync("id-1", "r1", TimeSpan.Zero);

        Assert.Empty(transport.OnlyRequest.Body);
        Assert.Null(transport.OnlyRequest.Header("Content-Type"));
        Assert.Equal(["0"], transport.OnlyRequest.Query("visibilitytimeout"));
    }

    [Fact]
    public async Task ApproximateCount_ReadsMetadataHeader()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200) { Headers = { ["x-ms-approximate-messages-count"] = "42" } });

        var count = (await TestClients.Queue(transport).GetApproximateMessagesCountAsync()).Value;

        Assert.Equal(42, count);
        Assert.Equal("GET", transport.OnlyRequest.Method);
        Assert.Equal("/devstoreaccount1/myqueue", transport.OnlyRequest.Uri.AbsolutePath);
        Assert.Equal(["metadata"], transport.OnlyRequest.Query("comp"));
    }

    [Fact]
    public async Task ClearMessages_DeletesMessagesCollection()
    {
        var transport = new RecordingTransport(204);

        await TestClients.Queue(transport).ClearMessagesAsync();

        Assert.Equal("DELETE", transport.OnlyRequest.Method);
        Assert.Equal("/devstoreaccount1/myqueue/messages", transport.OnlyRequest.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Errors_TakeCodeFromXmlBody()
    {
        const string Body = """<?xml version="1.0" encoding="utf-8"?><Error><Code>QueueNotFound</Code><Message>The specified queue does not exist.</Message></Error>""";
        var transport = new RecordingTransport(_ => new RecordedResponse(404, Body, "application/xml"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => TestClients.Queue(transport).ClearMessagesAsync());

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
        Assert.Contains("The specified queue does not exist.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("MyQueue")]
    [InlineData("-queue")]
    [InlineData("queue-")]
    [InlineData("my--queue")]
    [InlineData("my_queue")]
    public void InvalidQueueName_IsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => TestClients.Queue(new RecordingTransport(201), name));
    }

    [Fact]
    public async Task NegativeTimeSpans_AreRejected()
    {
        var queue = TestClients.Queue(new RecordingTransport(201));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("x", TimeSpan.FromSeconds(-1)));
    }
}
