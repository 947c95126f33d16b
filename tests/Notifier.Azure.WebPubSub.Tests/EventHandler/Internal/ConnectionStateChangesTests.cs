using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Internal;

public sealed class ConnectionStateChangesTests
{
    private static readonly Dictionary<string, BinaryData> Current = new() { ["a"] = BinaryData.FromString("1") };

    [Fact]
    public void Edits_are_replayed_in_order()
    {
        var changes = new ConnectionStateChanges();
        changes.Set("b", BinaryData.FromString("2"));
        changes.Clear();
        changes.Set("c", BinaryData.FromString("3"));
        changes.Set("d", BinaryData.FromString("4"));
        changes.Remove("d");

        var result = changes.ApplyTo(Current);

        Assert.NotNull(result);
        Assert.Equal(["c"], result.Keys);
        Assert.Equal("3", result["c"].ToString());
    }

    [Fact]
    public void No_edits_is_no_change()
    {
        var changes = new ConnectionStateChanges();

        Assert.False(changes.HasChanges);
        Assert.Null(changes.ApplyTo(Current));
    }

    [Fact]
    public void Edits_that_restore_the_state_are_no_change()
    {
        var changes = new ConnectionStateChanges();
        changes.Remove("a");
        changes.Set("a", BinaryData.FromString("1"));

        Assert.True(changes.HasChanges);
        Assert.Null(changes.ApplyTo(Current));
    }
}
