using Notifier.Core.Connections;
using Notifier.Core.Tests.Fakes;

namespace Notifier.Core.Tests.Connections;

public class ConnectionLimitTests
{
    private readonly RecordedConnections _connections = new();

    [Fact]
    public async Task UnderTheLimit_AdmitsWithoutAskingTheService()
    {
        _connections.Record("alice", "c1", open: false);
        var limit = new ConnectionLimit(_connections, 2);

        Assert.True(await limit.HasRoomAsync("alice", CancellationToken.None));
        Assert.Empty(_connections.Asked);
        Assert.Equal(["c1"], _connections.Of("alice"));
    }

    [Fact]
    public async Task AtTheLimitWithEveryConnectionOpen_Refuses()
    {
        _connections.Record("alice", "c1", open: true);
        _connections.Record("alice", "c2", open: true);
        var limit = new ConnectionLimit(_connections, 2);

        Assert.False(await limit.HasRoomAsync("alice", CancellationToken.None));
        Assert.Equal(["c1", "c2"], _connections.Asked);
        Assert.Equal(["c1", "c2"], _connections.Of("alice"));
    }

    [Fact]
    public async Task AtTheLimitWithAClosedConnection_ForgetsItAndAdmits()
    {
        _connections.Record("alice", "c1", open: true);
        _connections.Record("alice", "stale", open: false);
        var limit = new ConnectionLimit(_connections, 2);

        Assert.True(await limit.HasRoomAsync("alice", CancellationToken.None));
        Assert.Equal(["c1"], _connections.Of("alice"));
    }

    [Fact]
    public async Task OverTheLimit_CountsOnlyOpenConnections()
    {
        // A lower limit than the user's recorded connections (the setting was lowered): open ones still count.
        _connections.Record("alice", "c1", open: true);
        _connections.Record("alice", "c2", open: true);
        _connections.Record("alice", "stale", open: false);
        var limit = new ConnectionLimit(_connections, 2);

        Assert.False(await limit.HasRoomAsync("alice", CancellationToken.None));
        Assert.Equal(["c1", "c2"], _connections.Of("alice"));
    }

    [Fact]
    public async Task OtherUsersConnections_DoNotCount()
    {
        _connections.Record("bob", "b1", open: true);
        var limit = new ConnectionLimit(_connections, 1);

        Assert.True(await limit.HasRoomAsync("alice", CancellationToken.None));
        Assert.False(await limit.HasRoomAsync("bob", CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ALimitBelowOne_IsRefused(int perUser) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionLimit(_connections, perUser));

    [Fact]
    public void TheLimit_IsExposedForRefusalMessages() => Assert.Equal(10, new ConnectionLimit(_connections, 10).ConnectionsPerUser);
}
