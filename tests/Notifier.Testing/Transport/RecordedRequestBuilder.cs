using System.Diagnostics.CodeAnalysis;
using Azure.Core;

namespace Notifier.Testing.Transport;

internal sealed class RecordedRequestBuilder : Request
{
    private readonly List<HttpHeader> _headers = [];

    public override string ClientRequestId { get; set; } = Guid.NewGuid().ToString();

    protected override void AddHeader(string name, string value) => _headers.Add(new HttpHeader(name, value));

    protected override bool ContainsHeader(string name) =>
        _headers.Exists(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public override void Dispose() => Content?.Dispose();

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers;

    protected override bool RemoveHeader(string name) =>
        _headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)) > 0;

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        var found = _headers.FindLast(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        value = found.Name is null ? null : found.Value;
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        var found = _headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value).ToList();
        values = found.Count > 0 ? found : null;
        return values is not null;
    }
}
