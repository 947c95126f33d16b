using Notifier.Core.Identifiers;
using Notifier.Functions.Triggers;

namespace Notifier.Functions.Tests.Unit;

public class DerivedIdTests
{
    private const string Guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    [Fact]
    public void GuidMessageId_IsPrefixed() =>
        Assert.Equal("q-" + Guid, QueueTriggerEndpoints.DerivedId("q-", Guid, null));

    [Fact]
    public void BatchItems_GetTheirIndexAsSuffix()
    {
        Assert.Equal("q-" + Guid + ":0", QueueTriggerEndpoints.DerivedId("q-", Guid, 0));
        Assert.Equal("q-" + Guid + ":12", QueueTriggerEndpoints.DerivedId("q-", Guid, 12));
    }

    [Fact]
    public void ServiceBusPrefix_IsUsed() =>
        Assert.Equal("sb-order-42", QueueTriggerEndpoints.DerivedId("sb-", "order-42", null));

    [Theory]
    [InlineData("order/42")]
    [InlineData("with space")]
    [InlineData("caf\u00e9")]
    [InlineData("a'b")]
    public void MessageIdOutsideTheAlphabet_IsHashedToAValidId(string messageId)
    {
        var id = QueueTriggerEndpoints.DerivedId("sb-", messageId, null);

        Assert.True(Identifier.IsValid(id), id);
        Assert.Matches("^sb-[0-9a-f]{40}$", id);
    }

    [Fact]
    public void HashedId_KeepsTheBatchSuffix()
    {
        var id = QueueTriggerEndpoints.DerivedId("sb-", "order/42", 3);

        Assert.Matches("^sb-[0-9a-f]{40}:3$", id);
        Assert.Equal(QueueTriggerEndpoints.DerivedId("sb-", "order/42", null) + ":3", id);
    }

    [Fact]
    public void MessageIdTooLongWithThePrefix_IsHashedToAValidId()
    {
        var messageId = new string('m', 127);

        var id = QueueTriggerEndpoints.DerivedId("q-", messageId, 99);

        Assert.True(Identifier.IsValid(id), id);
        Assert.Matches("^q-[0-9a-f]{40}:99$", id);
    }

    [Fact]
    public void A_batch_item_never_collides_with_a_message_named_like_it()
    {
        Assert.NotEqual(QueueTriggerEndpoints.DerivedId("sb-", "x", 1), QueueTriggerEndpoints.DerivedId("sb-", "x:1", null));
        Assert.NotEqual(QueueTriggerEndpoints.DerivedId("sb-", "x-1", null), QueueTriggerEndpoints.DerivedId("sb-", "x", 1));
    }

    [Fact]
    public void DerivedIds_AreStable()
    {
        Assert.Equal(QueueTriggerEndpoints.DerivedId("sb-", "order/42", 1), QueueTriggerEndpoints.DerivedId("sb-", "order/42", 1));
        Assert.Equal(QueueTriggerEndpoints.DerivedId("q-", Guid, null), QueueTriggerEndpoints.DerivedId("q-", Guid, null));
    }

    [Fact]
    public void DifferentMessageIds_GiveDifferentIds()
    {
        Assert.NotEqual(QueueTriggerEndpoints.DerivedId("sb-", "order/42", null), QueueTriggerEndpoints.DerivedId("sb-", "order/43", null));
        Assert.NotEqual(QueueTriggerEndpoints.DerivedId("sb-", "order/42", 0), QueueTriggerEndpoints.DerivedId("sb-", "order/42", 1));
    }
}
