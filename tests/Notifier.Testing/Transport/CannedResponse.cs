using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace Notifier.Testing.Transport;

internal sealed class CannedResponse : Response
{
    private readonly RecordedResponse _response;

    public CannedResponse(RecordedResponse response, string clientRequestId)
    {
        _response = response;
        ClientRequestId = clientRequestId;
        ContentStream = new MemoryStream(response.Body, writable: false);
    }

    public override int Status => _response.Status;

    public override string ReasonPhrase => string.Empty;

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; }

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => _response.Headers.ContainsKey(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() =>
        _response.Headers.Select(h => new HttpHeader(h.Key, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) =>
        _response.Headers.TryGetValue(name, out value);

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        if (_response.Headers.TryGetValue(name, out var value))
        {
            values = [value];
            return true;
        }

        values = null;
        return false;
    }
}
