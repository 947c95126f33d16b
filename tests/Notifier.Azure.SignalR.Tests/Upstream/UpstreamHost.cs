using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Azure.SignalR.Upstream;

namespace Notifier.Azure.SignalR.Tests.Upstream;

/// <summary>A real Kestrel server serving <see cref="Handler"/> at <c>/upstream</c>, and requests shaped as the service sends them.</summary>
public sealed class UpstreamHost : IAsyncDisposable
{
    public const string Key = "primary-key";

    private readonly WebApplication _app;

    private UpstreamHost(WebApplication app, HttpClient client, ConcurrentQueue<string> seen)
    {
        _app = app;
        Client = client;
        Seen = seen;
    }

    public HttpClient Client { get; }

    /// <summary>What the handler saw, one line per event.</summary>
    public ConcurrentQueue<string> Seen { get; }

    public static async Task<UpstreamHost> StartAsync(Action<SignalRUpstreamOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var seen = new ConcurrentQueue<string>();
        builder.Services.AddSingleton(seen);
        builder.Services.AddSignalRUpstreamHandler<Handler>(configure ?? (options =>
        {
            options.AccessKeys.Add(Key);
            options.Hubs.Add("notifications");
            options.MaxInvocationBodySize = 1024;
        }));
        var app = builder.Build();
        app.MapSignalRUpstream<Handler>("/upstream");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new UpstreamHost(app, new HttpClient { BaseAddress = new Uri(address) }, seen);
    }

    /// <summary>A request as the service sends it, signed with <see cref="Key"/> unless told otherwise.</summary>
    public static HttpRequestMessage Request(string category, string eventName, string body, string connectionId = "c1", string? signature = null, string hub = "notifications")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/upstream", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(UpstreamHeaders.ConnectionId, connectionId);
        request.Headers.Add(UpstreamHeaders.Hub, hub);
        request.Headers.Add(UpstreamHeaders.Category, category);
        request.Headers.Add(UpstreamHeaders.Event, eventName);
        request.Headers.Add(UpstreamHeaders.UserId, "alice");
        request.Headers.Add(UpstreamHeaders.UserClaims, "role: admin, email: alice@example.com");
        request.Headers.Add(UpstreamHeaders.ClientQuery, "hub=notifications&id=x");
        request.Headers.Add(UpstreamHeaders.Signature, signature ?? UpstreamSignature.Create(connectionId, ["old-key", Key]));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Records events; <c>echo</c> returns its first argument, <c>boom</c> throws, <c>deny</c> fails with a message.</summary>
    public sealed class Handler : SignalRUpstreamHandler
    {
        private readonly ConcurrentQueue<string> _seen;

        public Handler(ConcurrentQueue<string> seen)
        {
            _seen = seen;
        }

        public override ValueTask OnConnectedAsync(SignalRConnectionContext connection, CancellationToken cancellationToken)
        {
            _seen.Enqueue($"connected {connection.ConnectionId} {connection.UserId} {string.Join(";", connection.Claims.Select(c => c.Key + "=" + c.Value))} {connection.ClientQuery}");
            return ValueTask.CompletedTask;
        }

        public override ValueTask OnDisconnectedAsync(SignalRConnectionContext connection, string? errorMessage, CancellationToken cancellationToken)
        {
            _seen.Enqueue($"disconnected {connection.ConnectionId} {errorMessage ?? "clean"}");
            throw new InvalidOperationException("handlers of notifications may fail");
        }

        public override ValueTask<SignalRInvocationResult> OnInvocationAsync(SignalRInvocation invocation, CancellationToken cancellationToken)
        {
            _seen.Enqueue($"{invocation.Target} {invocation.InvocationId ?? "send"} {invocation.Arguments.GetRawText()}");
            return invocation.Target switch
            {
                "echo" => ValueTask.FromResult(SignalRInvocationResult.FromJson(BinaryData.FromString(invocation.Arguments[0].GetRawText()))),
                "boom" => throw new InvalidOperationException("internal detail"),
                "deny" => ValueTask.FromResult(SignalRInvocationResult.FromError("denied")),
                _ => ValueTask.FromResult(SignalRInvocationResult.Void),
            };
        }
    }
}
