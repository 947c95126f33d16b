using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>
/// Storage failing part-way through a partition's writes: while the outage lasts, the entity-group transactions
/// (<c>$batch</c> requests) naming one partition fail, after the first few, with the 503 storage answers when it is
/// busy. A failed transaction never reaches storage; every other request passes unchanged. With
/// <paramref name="inserts"/>, single-entity inserts naming the partition fail the same way (an entry appended alone).
/// </summary>
internal sealed class TableTransactionOutage(bool inserts = false) : HttpPipelineSynchronousPolicy
{
    private readonly Lock _gate = new();
    private string? _needle;
    private int _allowed;

    /// <summary>Starts the outage: the partition's next <paramref name="allowed"/> transactions commit, the rest fail.</summary>
    public void Begin(string partitionKey, int allowed)
    {
        lock (_gate)
        {
            (_needle, _allowed) = ($"\"PartitionKey\":\"{partitionKey}\"", allowed);
        }
    }

    /// <summary>Ends the outage: every transaction goes through again.</summary>
    public void End()
    {
        lock (_gate)
        {
            _needle = null;
        }
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = message.Request.Uri.Path;
        var isWrite = path.EndsWith("$batch", StringComparison.Ordinal)
            || (inserts && message.Request.Method == RequestMethod.Post && !path.EndsWith("/Tables", StringComparison.Ordinal));
        if (!isWrite || message.Request.Content is not { } content)
        {
            return;
        }

        lock (_gate)
        {
            if (_needle is null)
            {
                return;
            }

            using var copy = new MemoryStream();
            content.WriteTo(copy, CancellationToken.None);
            if (!Encoding.UTF8.GetString(copy.GetBuffer(), 0, (int)copy.Length).Contains(_needle, StringComparison.Ordinal) || _allowed-- > 0)
            {
                return;
            }
        }

        throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
    }
}
