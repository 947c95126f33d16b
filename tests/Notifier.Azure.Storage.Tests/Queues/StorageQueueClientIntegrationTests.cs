using System.Text;
using Azure;
using Notifier.Azure.Storage.Queues;
using Notifier.Azure.Storage.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Azure.Storage.Tests.Queues;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StorageQueueClientIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _name = UniqueNames.Queue();
    private StorageQueueClient _queue = null!;

    public async Task InitializeAsync()
    {
        _queue = new StorageQueueClient(azurite.ConnectionString, _name);
        Assert.True((await _queue.CreateIfNotExistsAsync()).Value);
    }

    public async Task DisposeAsync() => await _queue.DeleteIfExistsAsync();

    [Fact]
    public async Task CreateIfNotExists_Existing_ReturnsFalse_DeleteIfExists_ReportsExistence()
    {
        Assert.False((await _queue.CreateIfNotExistsAsync()).Value);
        Assert.True((await _queue.DeleteIfExistsAsync()).Value);
        Assert.False((await _queue.DeleteIfExistsAsync()).Value);
        Assert.True((await _queue.CreateIfNotExistsAsync()).Value);
    }

    [Fact]
    public async Task SendThenReceive_DecodesTextAndCountsFirstDequeue()
    {
        var sent = (await _queue.SendMessageAsync("{\"userId\":\"u1\",\"text\":\"hi\"}")).Value;

        var received = Assert.Single((await _queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal("{\"userId\":\"u1\",\"text\":\"hi\"}", received.MessageText);
        Assert.True(received.IsDecoded);
        Assert.Equal(1, received.DequeueCount);
        Assert.False(string.IsNullOrEmpty(received.PopReceipt));
        Assert.True(received.ExpiresOn > received.InsertedOn);
        Assert.True(received.NextVisibleOn > received.InsertedOn);
    }

    [Fact]
    public async Task SendMessage_IsBase64OnTheWire()
    {
        var raw = new StorageQueueClient(azurite.ConnectionString, _name, new StorageQueueClientOptions { MessageEncoding = StorageQueueMessageEncoding.None });
        await _queue.SendMessageAsync("héllo");

        var peeked = Assert.Single((await raw.PeekMessagesAsync()).Value);

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("héllo")), peeked.MessageText);
    }

    [Fact]
    public async Task SendMessage_NoEncoding_XmlSpecialCharactersRoundTrip()
    {
        const string Text = "<a href=\"x\">&amp; 'q' </a>\r\nline2 ]]> \t";
        var raw = new StorageQueueClient(azurite.ConnectionString, _name, new StorageQueueClientOptions { MessageEncoding = StorageQueueMessageEncoding.None });

        await raw.SendMessageAsync(Text);
        var received = Assert.Single((await raw.ReceiveMessagesAsync()).Value);

        Assert.Equal(Text, received.MessageText);
    }

    [Fact]
    public async Task SendMessage_Base64_XmlSpecialCharactersAndControlCharactersRoundTrip()
    {
        const string Text = "<x>&\u0001\u0000 😀</x>";

        await _queue.SendMessageAsync(Text);
        var received = Assert.Single((await _queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(Text, received.MessageText);
    }

    [Fact]
    public async Task ReceiveMessages_HidesMessageForVisibilityTimeout()
    {
        await _queue.SendMessageAsync("one");

        var first = Assert.Single((await _queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(5))).Value);
        var second = (await _queue.ReceiveMessagesAsync(32)).Value;
        var peeked = (await _queue.PeekMessagesAsync(32)).Value;

        Assert.Equal("one", first.MessageText);
        Assert.Empty(second);
        Assert.Empty(peeked);
    }

    [Fact]
    public async Task SendMessage_WithVisibilityTimeout_StartsHidden()
    {
        var receipt = (await _queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromMinutes(5))).Value;

        Assert.Empty((await _queue.ReceiveMessagesAsync()).Value);
        Assert.True(receipt.NextVisibleOn > receipt.InsertedOn);
    }

    [Fact]
    public async Task SendMessage_InfiniteTimeToLive_NeverExpires()
    {
        var receipt = (await _queue.SendMessageAsync("forever", timeToLive: Timeout.InfiniteTimeSpan)).Value;
        var bounded = (await _queue.SendMessageAsync("soon", timeToLive: TimeSpan.FromMinutes(1))).Value;

        Assert.Equal(9999, receipt.ExpiresOn.Year);
        Assert.Equal(bounded.InsertedOn.AddMinutes(1), bounded.ExpiresOn);
    }

    [Fact]
    public async Task UpdateMessage_MakesVisibleAgainWithNewText_AndNewPopReceipt()
    {
        await _queue.SendMessageAsync("v1");
        var received = Assert.Single((await _queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(5))).Value);

        var update = (await _queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero, "v2 <&>")).Value;
        var again = Assert.Single((await _queue.ReceiveMessagesAsync()).Value);

        Assert.NotEqual(received.PopReceipt, update.PopReceipt);
        Assert.Equal(received.MessageId, again.MessageId);
        Assert.Equal("v2 <&>", again.MessageText);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task UpdateMessage_ExtendsVisibility_ThenDeleteWithNewPopReceipt()
    {
        await _queue.SendMessageAsync("work");
        var received = Assert.Single((await _queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(30))).Value);

        var update = (await _queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.FromMinutes(10))).Value;
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => _queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        var deleted = await _queue.DeleteMessageAsync(received.MessageId, update.PopReceipt);

        Assert.True(update.NextVisibleOn > received.NextVisibleOn);
        Assert.InRange(stale.Status, 400, 404);
        Assert.Equal(204, deleted.Status);
        Assert.Equal(0, (await _queue.GetApproximateMessagesCountAsync()).Value);
    }

    [Fact]
    public async Task DeleteMessage_RemovesIt()
    {
        await _queue.SendMessageAsync("bye");
        var received = Assert.Single((await _queue.ReceiveMessagesAsync()).Value);

        await _queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);

        Assert.Empty((await _queue.PeekMessagesAsync()).Value);
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => _queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        Assert.Equal(404, missing.Status);
        Assert.Equal("MessageNotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task PeekMessages_DoesNotChangeDequeueCount()
    {
        await _queue.SendMessageAsync("look");

        var peek1 = Assert.Single((await _queue.PeekMessagesAsync()).Value);
        var peek2 = Assert.Single((await _queue.PeekMessagesAsync()).Value);
        var received = Assert.Single((await _queue.ReceiveMessagesAsync()).Value);

        Assert.Equal("look", peek1.MessageText);
        Assert.Equal(0, peek1.DequeueCount);
        Assert.Equal(0, peek2.DequeueCount);
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task ApproximateCount_AndClear()
    {
        for (var i = 0; i < 3; i++)
        {
            await _queue.SendMessageAsync($"m{i}");
        }

        var before = (await _queue.GetApproximateMessagesCountAsync()).Value;
        await _queue.ClearMessagesAsync();
        var after = (await _queue.GetApproximateMessagesCountAsync()).Value;

        Assert.Equal(3, before);
        Assert.Equal(0, after);
    }

    [Fact]
    public async Task ReceiveMessages_ReturnsUpToMax()
    {
        for (var i = 0; i < 5; i++)
        {
            await _queue.SendMessageAsync($"m{i}");
        }

        var batch = (await _queue.ReceiveMessagesAsync(maxMessages: 3)).Value;

        Assert.Equal(3, batch.Count);
        Assert.Equal(3, batch.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task SendMessage_BinaryData_RoundTripsBytes()
    {
        byte[] bytes = [0, 1, 2, 254, 255];

        await _queue.SendMessageAsync(new BinaryData(bytes));
        var received = Assert.Single((await _queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(bytes, received.Body.ToArray());
    }

    [Fact]
    public async Task MissingQueue_ThrowsQueueNotFound()
    {
        var missing = new StorageQueueClient(azurite.ConnectionString, UniqueNames.Queue());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => missing.SendMessageAsync("x"));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task WrongAccountKey_IsRejectedByAzurite()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var queue = new StorageQueueClient(azurite.QueueEndpoint, _name, new AzureNamedKeyCredential(AzuriteFixture.AccountName, wrongKey));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => queue.PeekMessagesAsync());

        Assert.Equal(403, error.Status);
        Assert.Equal("AuthenticationFailed", error.ErrorCode);
    }

    [Fact]
    public void SyncMethods_RoundTrip()
    {
        _queue.SendMessage("sync");
        var count = _queue.GetApproximateMessagesCount().Value;
        var received = Assert.Single(_queue.ReceiveMessages().Value);
        _queue.DeleteMessage(received.MessageId, received.PopReceipt);

        Assert.Equal(1, count);
        Assert.Equal("sync", received.MessageText);
        Assert.Empty(_queue.PeekMessages().Value);
    }
}
