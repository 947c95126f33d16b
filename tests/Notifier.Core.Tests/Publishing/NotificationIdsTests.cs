using System.Text;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Publishing;

public class NotificationIdsTests
{
    private const string Guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private readonly NotificationIds _ids = new(new SortableIdGenerator(new ManualTimeProvider(new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero))));

    [Fact]
    public void TheRequestedId_WinsOverADerivedOne() => Assert.Equal("n1", _ids.Choose(Request("""{"id":"n1","to":{"users":["alice"]},"title":"t"}"""), "q-m1"));

    [Fact]
    public void WithoutARequestedId_TheDerivedIdIsUsed() => Assert.Equal("q-m1", _ids.Choose(Request("""{"to":{"users":["alice"]},"title":"t"}"""), "q-m1"));

    [Fact]
    public void WithNeither_ForSeveralRecipients_ANewSortableIdIsMade()
    {
        var request = Request("""{"to":{"users":["alice","bob"]},"title":"t"}""");
        var first = _ids.Choose(request);
        var second = _ids.Choose(request);

        Assert.Equal(26, first.Length);
        Assert.True(Identifier.IsValid(first), first);
        Assert.NotEqual(first, second);
        Assert.False(NotificationIds.TryGetBoundUser(first, out _));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice@example.com")]
    [InlineData("a:b.c_d-e")]
    public void WithNeither_ForOneUser_TheNewIdIsBoundToThatUser(string user)
    {
        var request = Request($$"""{"to":{"users":["{{user}}"]},"title":"t"}""");
        var first = _ids.Choose(request);
        var second = _ids.Choose(request);

        Assert.Equal(26 + 1 + user.Length, first.Length);
        Assert.True(Identifier.IsValid(first), first);
        Assert.NotEqual(first, second);
        Assert.True(NotificationIds.TryGetBoundUser(first, out var bound));
        Assert.Equal(user, bound);
    }

    [Fact]
    public void ForOneUserTooLongToName_TheNewIdIsNotBound()
    {
        var user = new string('u', NotificationIds.MaxBoundUserLength + 1);
        var id = _ids.Choose(Request($$"""{"to":{"users":["{{user}}"]},"title":"t"}"""));

        Assert.Equal(26, id.Length);
        Assert.False(NotificationIds.TryGetBoundUser(id, out _));
    }

    [Fact]
    public void ForAGroup_TheNewIdIsNotBound() =>
        Assert.False(NotificationIds.TryGetBoundUser(_ids.Choose(Request("""{"to":{"groups":["ops"]},"title":"t"}""")), out _));

    [Theory]
    [InlineData("order-42")]
    [InlineData("order-42@alice")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAV@")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAVx@alice")]
    [InlineData("01arz3ndektsv4rrffq69g5fav@alice")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAU@alice")]
    public void IdsNotOfTheBoundShape_AreNotBound(string id) => Assert.False(NotificationIds.TryGetBoundUser(id, out _));

    [Fact]
    public void ARequestedIdOfTheBoundShape_IsBound()
    {
        Assert.True(NotificationIds.TryGetBoundUser("01ARZ3NDEKTSV4RRFFQ69G5FAV@alice", out var user));
        Assert.Equal("alice", user);
    }

    private static NotificationRequest Request(string json)
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return Assert.Single(parsed.Requests);
    }

    [Fact]
    public void NoGenerator_IsRefused() => Assert.Throws<ArgumentNullException>(() => new NotificationIds(null!));

    [Fact]
    public void GuidMessageId_IsPrefixed() =>
        Assert.Equal("q-" + Guid, NotificationIds.FromMessage("q-", Guid, null));

    [Fact]
    public void BatchItems_GetTheirIndexAsSuffix()
    {
        Assert.Equal("q-" + Guid + ":0", NotificationIds.FromMessage("q-", Guid, 0));
        Assert.Equal("q-" + Guid + ":12", NotificationIds.FromMessage("q-", Guid, 12));
    }

    [Fact]
    public void ServiceBusPrefix_IsUsed() =>
        Assert.Equal("sb-order-42", NotificationIds.FromMessage("sb-", "order-42", null));

    [Theory]
    [InlineData("order/42")]
    [InlineData("with space")]
    [InlineData("caf\u00e9")]
    [InlineData("a'b")]
    public void MessageIdOutsideTheAlphabet_IsHashedToAValidId(string messageId)
    {
        var id = NotificationIds.FromMessage("sb-", messageId, null);

        Assert.True(Identifier.IsValid(id), id);
        Assert.Matches("^sb-[0-9a-f]{40}$", id);
    }

    [Fact]
    public void HashedId_KeepsTheBatchSuffix()
    {
        var id = NotificationIds.FromMessage("sb-", "order/42", 3);

        Assert.Matches("^sb-[0-9a-f]{40}:3$", id);
        Assert.Equal(NotificationIds.FromMessage("sb-", "order/42", null) + ":3", id);
    }

    [Fact]
    public void MessageIdTooLongWithThePrefix_IsHashedToAValidId()
    {
        var messageId = new string('m', 127);

        var id = NotificationIds.FromMessage("q-", messageId, 99);

        Assert.True(Identifier.IsValid(id), id);
        Assert.Matches("^q-[0-9a-f]{40}:99$", id);
    }

    [Fact]
    public void A_batch_item_never_collides_with_a_message_named_like_it()
    {
        Assert.NotEqual(NotificationIds.FromMessage("sb-", "x", 1), NotificationIds.FromMessage("sb-", "x:1", null));
        Assert.NotEqual(NotificationIds.FromMessage("sb-", "x-1", null), NotificationIds.FromMessage("sb-", "x", 1));
    }

    [Fact]
    public void DerivedIds_AreStable()
    {
        Assert.Equal(NotificationIds.FromMessage("sb-", "order/42", 1), NotificationIds.FromMessage("sb-", "order/42", 1));
        Assert.Equal(NotificationIds.FromMessage("q-", Guid, null), NotificationIds.FromMessage("q-", Guid, null));
    }

    [Fact]
    public void DifferentMessageIds_GiveDifferentIds()
    {
        Assert.NotEqual(NotificationIds.FromMessage("sb-", "order/42", null), NotificationIds.FromMessage("sb-", "order/43", null));
        Assert.NotEqual(NotificationIds.FromMessage("sb-", "order/42", 0), NotificationIds.FromMessage("sb-", "order/42", 1));
    }
}
