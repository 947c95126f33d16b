using System.Text;
using Azure;

namespace Notifier.Testing.Transport;

/// <summary>The canned answer of a <see cref="RecordingTransport"/>.</summary>
public sealed class RecordedResponse
{
    public RecordedResponse(int status, string? body = null, string? contentType = null)
    {
        Status = status;
        Body = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (contentType is not null)
        {
            Headers["Content-Type"] = contentType;
        }
    }

    public int Status { get; }

    public byte[] Body { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Response ToResponse(string clientRequestId) => new CannedResponse(this, clientRequestId);
}
