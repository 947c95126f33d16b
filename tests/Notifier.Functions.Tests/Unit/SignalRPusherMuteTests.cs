using Azure;
using Notifier.Azure.SignalR.Rest;
using Notifier.Core.Notifications;
using Notifier.Functions.SignalR;
using Notifier.Testing.Transport;

namespace Notifier.Functions.Tests.Unit;

/// <summary>Users who muted a notification get no per-user call on SignalR; group calls cannot leave users out.</summary>
public sealed class SignalRPusherMuteTests
{
    private static readonly byte[] Envelope = """{"type":"notification"}"""u8.ToArray();

    private static (SignalRPusher Pusher, RecordingTransport Transport) Create()
    {
        var transport = new RecordingTransport(202);
        var options = new SignalRRestClientOptions { Transport = transport };
        options.Retry.MaxRetries = 0;
        var client = new SignalRRestClient(new Uri("http://127.0.0.1:1"), "notifications", new AzureKeyCredential("YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY="), options);
        return (new SignalRPusher(client), transport);
    }

    [Fact]
    public async Task Muted_single_user_gets_no_call()
    {
        var (pusher, transport) = Create();

        await pusher.SendAsync(new Recipients(["alice"], [], all: false), Envelope, ["alice"], CancellationToken.None);

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task Muted_users_are_left_out_of_a_mix_and_groups_still_get_their_call()
    {
        var (pusher, transport) = Create();

        await pusher.SendAsync(new Recipients(["alice", "bob", "carol"], ["ops"], all: false), Envelope, ["bob"], CancellationToken.None);

        var paths = transport.Requests.Select(r => r.Uri.AbsolutePath).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, paths.Count);
        Assert.Contains(paths, p => p.EndsWith("/users/alice", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.EndsWith("/users/carol", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.EndsWith("/groups/ops", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.Contains("/users/bob", StringComparison.Ordinal));
    }
}
