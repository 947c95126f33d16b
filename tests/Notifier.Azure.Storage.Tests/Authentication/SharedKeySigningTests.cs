using System.Security.Cryptography;
using System.Text;
using Azure;
using Notifier.Azure.Storage.Queues;
using Notifier.Azure.Storage.Tables;
using Notifier.Azure.Storage.Tests.Infrastructure;
using Notifier.Testing.Transport;

namespace Notifier.Azure.Storage.Tests.Authentication;

public sealed class SharedKeySigningTests
{
    [Fact]
    public async Task Table_PathStyleEndpoint_SignsDateAndDoubledAccountResource()
    {
        var transport = new RecordingTransport(204);
        var table = TestClients.Table(transport);

        await table.UpsertEntityAsync(new TableEntityRecord("o'brien", "a b"));

        var request = transport.OnlyRequest;
        Assert.Equal(TestClients.FixedDate, request.Header("x-ms-date"));
        Assert.Null(request.Header("Date"));
        var expected = Expected("SharedKeyLite", "Fri, 21 Nov 2025 10:00:00 GMT\n/devstoreaccount1/devstoreaccount1/mytable(PartitionKey='o%27%27brien',RowKey='a%20b')");
        Assert.Equal(expected, request.Header("Authorization"));
    }

    [Fact]
    public async Task Table_Query_SignsPathWithoutQueryParameters()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, """{"value":[]}""", "application/json"));
        var table = TestClients.Table(transport, endpoint: new Uri("https://acct.table.core.windows.net/"));

        await foreach (var _ in table.QueryEntitiesAsync("PartitionKey eq 'u1'", maxPerPage: 5))
        {
        }

        var expected = Expected("SharedKeyLite", "Fri, 21 Nov 2025 10:00:00 GMT\n/devstoreaccount1/mytable()");
        Assert.Equal(expected, transport.OnlyRequest.Header("Authorization"));
    }

    [Fact]
    public async Task Queue_SignsVerbContentTypeSortedMsHeadersAndResource()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(201, SentXml, "application/xml"));
        var queue = TestClients.Queue(transport);

        await queue.SendMessageAsync("hi");

        var request = transport.OnlyRequest;
        var stringToSign =
            "POST\n" +
            "\n" +
            "application/xml\n" +
            "\n" +
            $"x-ms-client-request-id:{request.Header("x-ms-client-request-id")}\n" +
            "x-ms-date:Fri, 21 Nov 2025 10:00:00 GMT\n" +
            "x-ms-return-client-request-id:true\n" +
            "x-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/myqueue/messages";
        Assert.Equal(Expected("SharedKeyLite", stringToSign), request.Header("Authorization"));
    }

    [Fact]
    public async Task Queue_CompParameter_IsPartOfResource()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200) { Headers = { ["x-ms-approximate-messages-count"] = "7" } });
        var queue = TestClients.Queue(transport);

        await queue.GetApproximateMessagesCountAsync();

        var request = transport.OnlyRequest;
        var stringToSign =
            "GET\n\n\n\n" +
            $"x-ms-client-request-id:{request.Header("x-ms-client-request-id")}\n" +
            "x-ms-date:Fri, 21 Nov 2025 10:00:00 GMT\n" +
            "x-ms-return-client-request-id:true\n" +
            "x-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/myqueue?comp=metadata";
        Assert.Equal(Expected("SharedKeyLite", stringToSign), request.Header("Authorization"));
    }

    [Fact]
    public async Task Retry_ResignsEachAttemptWithAFreshDate()
    {
        var clock = new FixedTimeProvider(TestClients.FixedNow);
        var attempts = 0;
        var transport = new RecordingTransport(_ =>
        {
            // The clock moves between attempts, as real time would.
            clock.Now = clock.Now.AddSeconds(5);
            return new RecordedResponse(++attempts == 1 ? 503 : 204);
        });
        var options = TestClients.TableOptions(transport, clock);
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var table = new TableStorageClient(TestClients.AzuriteTableEndpoint, "mytable", new AzureNamedKeyCredential(TestClients.AccountName, TestClients.AccountKey), options);

        await table.DeleteEntityAsync("p", "r");

        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal("Fri, 21 Nov 2025 10:00:00 GMT", transport.Requests[0].Header("x-ms-date"));
        Assert.Equal("Fri, 21 Nov 2025 10:00:05 GMT", transport.Requests[1].Header("x-ms-date"));
        Assert.Equal(
            Expected("SharedKeyLite", "Fri, 21 Nov 2025 10:00:05 GMT\n/devstoreaccount1/devstoreaccount1/mytable(PartitionKey='p',RowKey='r')"),
            transport.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task UpdatedCredential_SignsWithTheNewKey()
    {
        var transport = new RecordingTransport(204);
        var credential = new AzureNamedKeyCredential(TestClients.AccountName, TestClients.AccountKey);
        var table = new TableStorageClient(TestClients.AzuriteTableEndpoint, "mytable", credential, TestClients.TableOptions(transport));
        var newKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("a rotated key of some length"));

        await table.DeleteEntityAsync("p", "r");
        credential.Update(TestClients.AccountName, newKey);
        await table.DeleteEntityAsync("p", "r");

        const string StringToSign = "Fri, 21 Nov 2025 10:00:00 GMT\n/devstoreaccount1/devstoreaccount1/mytable(PartitionKey='p',RowKey='r')";
        Assert.Equal(Expected("SharedKeyLite", StringToSign), transport.Requests[0].Header("Authorization"));
        Assert.Equal(Expected("SharedKeyLite", StringToSign, newKey), transport.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task TokenCredential_SendsBearerTokenForStorageScope_AndNoSharedKey()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(201, SentXml, "application/xml"));
        var credential = new FakeTokenCredential("test-token");
        var queue = new StorageQueueClient(new Uri("https://acct.queue.core.windows.net/"), "myqueue", credential, TestClients.QueueOptions(transport));
        var tableTransport = new RecordingTransport(204);
        var table = new TableStorageClient(new Uri("https://acct.table.core.windows.net/"), "mytable", credential, TestClients.TableOptions(tableTransport));

        await queue.SendMessageAsync("hi");
        await table.DeleteEntityAsync("p", "r");

        Assert.Equal("Bearer test-token", transport.OnlyRequest.Header("Authorization"));
        Assert.Equal("Bearer test-token", tableTransport.OnlyRequest.Header("Authorization"));
        Assert.Equal(TestClients.FixedDate, transport.OnlyRequest.Header("x-ms-date"));
        Assert.All(credential.RequestedScopes, scopes => Assert.Equal(["https://storage.azure.com/.default"], scopes));
        Assert.Equal("https://acct.queue.core.windows.net/myqueue/messages", transport.OnlyRequest.Uri.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public void InvalidKey_FailsWithClearMessage()
    {
        var transport = new RecordingTransport(204);
        var table = new TableStorageClient(
            TestClients.AzuriteTableEndpoint, "mytable", new AzureNamedKeyCredential("acct", "not base64!"), TestClients.TableOptions(transport));

        var error = Assert.Throws<InvalidOperationException>(() => table.DeleteEntity("p", "r"));

        Assert.Contains("base64", error.Message, StringComparison.Ordinal);
    }

    private static string Expected(string scheme, string stringToSign, string key = TestClients.AccountKey)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(stringToSign)));
        return $"{scheme} {TestClients.AccountName}:{signature}";
    }

    private const string SentXml = """
        <?xml version="1.0" encoding="utf-8"?><QueueMessagesList><QueueMessage><MessageId>id1</MessageId><InsertionTime>Fri, 21 Nov 2025 10:00:00 GMT</InsertionTime><ExpirationTime>Fri, 28 Nov 2025 10:00:00 GMT</ExpirationTime><PopReceipt>pr</PopReceipt><TimeNextVisible>Fri, 21 Nov 2025 10:00:00 GMT</TimeNextVisible></QueueMessage></QueueMessagesList>
        """;
}
