using System.Text.Json;
using Notifier.Azure.SignalR.Upstream;

namespace Notifier.Emulator.Tests.SignalR.Infrastructure;

/// <summary>
/// The test app's upstream: records every event and answers invocations — <c>echo</c> returns its first argument,
/// <c>fail</c> throws, <c>reject</c> fails with a message of its own, anything else completes without a value.
/// </summary>
public sealed class RecordingUpstream : SignalRUpstreamHandler
{
    private readonly UpstreamRecorder _recorder;

    public RecordingUpstream(UpstreamRecorder recorder)
    {
        _recorder = recorder;
    }

    public override ValueTask OnConnectedAsync(SignalRConnectionContext connection, CancellationToken cancellationToken)
    {
        _recorder.Add(new UpstreamEvent("connected", connection.ConnectionId, connection.UserId, null, null, connection.Claims, connection.ClientQuery));
        return ValueTask.CompletedTask;
    }

    public override ValueTask OnDisconnectedAsync(SignalRConnectionContext connection, string? errorMessage, CancellationToken cancellationToken)
    {
        _recorder.Add(new UpstreamEvent("disconnected", connection.ConnectionId, connection.UserId, null, errorMessage, connection.Claims, connection.ClientQuery));
        return ValueTask.CompletedTask;
    }

    public override ValueTask<SignalRInvocationResult> OnInvocationAsync(SignalRInvocation invocation, CancellationToken cancellationToken)
    {
        var first = invocation.Arguments.ValueKind == JsonValueKind.Array && invocation.Arguments.GetArrayLength() > 0
            ? invocation.Arguments[0].GetRawText()
            : null;
        var connection = invocation.Connection;
        _recorder.Add(new UpstreamEvent(invocation.Target, connection.ConnectionId, connection.UserId, first, null, connection.Claims, connection.ClientQuery));
        return invocation.Target switch
        {
            "echo" => ValueTask.FromResult(SignalRInvocationResult.FromJson(BinaryData.FromString(first ?? "null"))),
            "fail" => throw new InvalidOperationException("secret internals"),
            "reject" => ValueTask.FromResult(SignalRInvocationResult.FromError("not allowed")),
            _ => ValueTask.FromResult(SignalRInvocationResult.Void),
        };
    }
}
