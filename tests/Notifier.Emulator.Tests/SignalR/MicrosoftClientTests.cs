using Azure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.Tests.SignalR.Infrastructure;

namespace Notifier.Emulator.Tests.SignalR;

/// <summary>
/// The SignalR mode judged by Microsoft.AspNetCore.SignalR.Client, connecting as against the service: a serverless
/// negotiate redirect from an app, then the emulator's negotiate, WebSocket and JSON hub protocol; sends through our
/// REST client; client invocations reaching the app's upstream endpoint, signature checked.
/// </summary>
public sealed class MicrosoftClientTests
{
    [Fact]
    public async Task Sends_ToUser_Group_All_AndConnection_ReachExactlyTheirClients()
    {
        await using var stack = await ServerlessEnvironment.StartAsync();
        var (alice, aliceInbox) = await stack.ConnectAsync("alice");
        var (bob, bobInbox) = await stack.ConnectAsync("bob");
        await using var _ = alice;
        await using var __ = bob;

        await stack.Rest.SendToUserAsync("alice", ServerlessEnvironment.Message("to alice"));
        await stack.Rest.AddUserToGroupAsync("news", "bob");
        await stack.Rest.SendToGroupAsync("news", ServerlessEnvironment.Message("to news"));
        await stack.Rest.SendToConnectionAsync(alice.ConnectionId!, ServerlessEnvironment.Message("to alice's connection"));
        await stack.Rest.SendToAllAsync(ServerlessEnvironment.Message("to all"), excluded: [bob.ConnectionId!]);
        await stack.Rest.SendToAllAsync(ServerlessEnvironment.Message("to everyone"));

        await aliceInbox.WaitForAsync("to everyone");
        await bobInbox.WaitForAsync("to everyone");
        Assert.Equal(["to alice", "to alice's connection", "to all", "to everyone"], aliceInbox.Texts);
        Assert.Equal(["to news", "to everyone"], bobInbox.Texts);
    }

    [Fact]
    public async Task GroupMembership_OfUsersAndConnections_IsReflectedInSendsAndProbes()
    {
        await using var stack = await ServerlessEnvironment.StartAsync();

        // A user added before connecting joins the group on connect, as the service keeps user memberships.
        await stack.Rest.AddUserToGroupAsync("early", "carol");
        var (carol, inbox) = await stack.ConnectAsync("carol");
        await using var _ = carol;
        var id = carol.ConnectionId!;

        Assert.True((await stack.Rest.GroupExistsAsync("early")).Value);
        Assert.True((await stack.Rest.UserIsInGroupAsync("early", "carol")).Value);
        Assert.False((await stack.Rest.GroupExistsAsync("late")).Value);

        await stack.Rest.AddConnectionToGroupAsync("late", id);
        await stack.Rest.SendToGroupAsync("late", ServerlessEnvironment.Message("late 1"));
        await inbox.WaitForAsync("late 1");

        await stack.Rest.RemoveConnectionFromGroupAsync("late", id);
        await stack.Rest.RemoveUserFromGroupAsync("early", "carol");
        Assert.False((await stack.Rest.GroupExistsAsync("late")).Value);
        Assert.False((await stack.Rest.UserIsInGroupAsync("early", "carol")).Value);
        await stack.Rest.SendToGroupAsync("late", ServerlessEnvironment.Message("late 2"));
        await stack.Rest.SendToGroupAsync("early", ServerlessEnvironment.Message("early 2"));
        await stack.Rest.SendToUserAsync("carol", ServerlessEnvironment.Message("marker"));
        await inbox.WaitForAsync("marker");
        Assert.Equal(["late 1", "marker"], inbox.Texts);

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => stack.Rest.AddConnectionToGroupAsync("late", "no-such-connection"));
        Assert.Equal(404, missing.Status);
        Assert.Equal(SignalRErrorCodes.ConnectionInGroupNotExisted, missing.ErrorCode);
    }

    [Fact]
    public async Task Invocations_ReachTheUpstream_WithAValidSignature_AndCompleteWithItsAnswer()
    {
        await using var stack = await ServerlessEnvironment.StartAsync();
        var (client, _) = await stack.ConnectAsync("dave");
        var id = client.ConnectionId!;

        var connected = await stack.Upstream.WaitForAsync("connected", id);
        Assert.Equal("dave", connected.UserId);
        Assert.Contains("hub=notifications", connected.ClientQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", connected.ClientQuery, StringComparison.Ordinal);

        Assert.Equal("hello", await client.InvokeAsync<string>("echo", "hello"));
        Assert.Equal(42, await client.InvokeAsync<int>("echo", 42));
        await client.InvokeAsync("void");
        var rejected = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync("reject"));
        Assert.Contains("not allowed", rejected.Message, StringComparison.Ordinal);
        var failed = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync("fail"));
        Assert.DoesNotContain("secret internals", failed.Message, StringComparison.Ordinal);
        await client.SendAsync("note", "fire and forget");
        var note = await stack.Upstream.WaitForAsync("note", id);
        Assert.Equal("\"fire and forget\"", note.Argument);

        await client.DisposeAsync();
        var disconnected = await stack.Upstream.WaitForAsync("disconnected", id);
        Assert.Null(disconnected.Error);
        var order = stack.Upstream.Events.Where(e => e.ConnectionId == id).Select(e => e.Event).ToList();
        Assert.Equal(["connected", "echo", "echo", "void", "reject", "fail", "note", "disconnected"], order);
    }

    [Fact]
    public async Task CloseFromRest_ReachesTheClient_WithTheReason()
    {
        await using var stack = await ServerlessEnvironment.StartAsync();
        var (client, _) = await stack.ConnectAsync("erin");
        await using var _ = client;
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        var id = client.ConnectionId!;
        Assert.True((await stack.Rest.ConnectionExistsAsync(id)).Value);
        Assert.True((await stack.Rest.UserExistsAsync("erin")).Value);

        await stack.Rest.CloseConnectionAsync(id, "policy says bye");

        var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(error);
        Assert.Contains("policy says bye", error.Message, StringComparison.Ordinal);
        var disconnected = await stack.Upstream.WaitForAsync("disconnected", id);
        Assert.Equal("policy says bye", disconnected.Error);
        Assert.False((await stack.Rest.ConnectionExistsAsync(id)).Value);
        Assert.False((await stack.Rest.UserExistsAsync("erin")).Value);
        // Closing a connection that is already gone is not a failure.
        Assert.Equal(404, (await stack.Rest.CloseConnectionAsync(id)).Status);
    }

    [Fact]
    public async Task ANetworkCut_IsSurvivedByAutomaticReconnect_AndSendsReachTheNewConnection()
    {
        await using var stack = await ServerlessEnvironment.StartAsync(throughProxy: true);
        var (client, inbox) = await stack.ConnectAsync("frank", reconnect: true);
        await using var _ = client;
        var reconnected = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += id =>
        {
            reconnected.TrySetResult(id);
            return Task.CompletedTask;
        };
        var firstId = client.ConnectionId!;
        await stack.Rest.SendToUserAsync("frank", ServerlessEnvironment.Message("before the cut"));
        await inbox.WaitForAsync("before the cut");

        stack.Proxy!.Cut();

        var secondId = await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(secondId);
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(HubConnectionState.Connected, client.State);
        Assert.True(stack.Proxy.Connections >= 2);
        await stack.Upstream.WaitForAsync("disconnected", firstId);
        await stack.Rest.SendToUserAsync("frank", ServerlessEnvironment.Message("after the cut"));
        await inbox.WaitForAsync("after the cut");
        Assert.Equal(["before the cut", "after the cut"], inbox.Texts);
        Assert.False((await stack.Rest.ConnectionExistsAsync(firstId)).Value);
    }
}
