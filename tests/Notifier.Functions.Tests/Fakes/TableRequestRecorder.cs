using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>
/// Records every request the app sends to table storage (method and path), as sent, so a test can count the round trips
/// one operation makes. It changes nothing on the way.
/// </summary>
internal sealed class TableRequestRecorder : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>Gets the requests recorded since the last <see cref="Clear"/>, as <c>METHOD resource</c> (the path's last segment: a table, <c>$batch</c>, an entity).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Forgets what was recorded.</summary>
    public void Clear() => _requests.Clear();

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = Uri.UnescapeDataString(message.Request.Uri.Path);
        _requests.Enqueue($"{message.Request.Method} {path[(path.LastIndexOf('/') + 1)..]}");
    }
}
