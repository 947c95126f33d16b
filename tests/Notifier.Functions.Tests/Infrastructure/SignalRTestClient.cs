using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>
/// A SignalR client over Microsoft's .NET client (<c>Microsoft.AspNetCore.SignalR.Client</c>), connected with the
/// serverless negotiate's <c>{ url, accessToken }</c> as the client library does. It waits for the app's <c>ready</c>
/// (the connection is in its groups) before it returns.
/// </summary>
public sealed class SignalRTestClient : IRealtimeTestClient
{
    private readonly HubConnection _connection;
    private readonly Channel<JsonElement> _envelopes = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SignalRTestClient(HubConnection connection)
    {
        _connection = connection;
        _connection.On<JsonElement>("notify", envelope => _envelopes.Writer.TryWrite(envelope.Clone()));
        _connection.On("ready", () => _ready.TrySetResult());
        _connection.Closed += error =>
        {
            _closed.TrySetResult(error?.Message);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection => _connection;

    public string ConnectionId => _connection.ConnectionId ?? throw new InvalidOperationException("Not connected.");

    public static async Task<IRealtimeTestClient> ConnectAsync(JsonElement negotiated, Func<Uri, Uri>? route, bool waitUntilReady = true)
    {
        var url = new Uri(negotiated.GetProperty("url").GetString()!);
        var token = negotiated.GetProperty("accessToken").GetString()!;
        var connection = new HubConnectionBuilder()
            .WithUrl(route is null ? url : route(url), HttpTransportType.WebSockets, options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new SignalRTestClient(connection);
        await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));
        if (waitUntilReady)
        {
            await client.ReadyAsync(TimeSpan.FromSeconds(10));
        }

        return client;
    }

    public async Task ReadyAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_ready.Task, _closed.Task).WaitAsync(timeout);
        if (finished != _ready.Task)
        {
            Assert.Fail("The connection closed before the app said ready: " + await _closed.Task);
        }
    }

    public async Task<JsonElement> ReceiveEnvelopeAsync(string type, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var envelope = await _envelopes.Reader.ReadAsync(cancel.Token);
                if (envelope.GetProperty("type").GetString() == type)
                {
                    return envelope;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No '{type}' envelope arrived in time.");
            throw;
        }
    }

    public async Task<JsonElement> ReceiveAnyEnvelopeAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _envelopes.Reader.ReadAsync(cancel.Token);
    }

    public Task SendEventAsync(string name, params string[] ids) =>
        _connection.InvokeAsync(name, new Dictionary<string, string[]> { ["ids"] = ids }).WaitAsync(TimeSpan.FromSeconds(15));

    public async Task<string?> TrySendEventAsync(string name, object data)
    {
        try
        {
            await _connection.InvokeAsync(name, data).WaitAsync(TimeSpan.FromSeconds(15));
            return null;
        }
        catch (Microsoft.AspNetCore.SignalR.HubException error)
        {
            return error.Message;
        }
    }

    public async Task<string?> ClosedAsync(TimeSpan timeout) => await _closed.Task.WaitAsync(timeout);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
