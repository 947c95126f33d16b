using System.Net.Http.Headers;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>One event request as it reached the app, and a way to send it again with some headers or the body changed.</summary>
public sealed record CapturedEvent(IReadOnlyDictionary<string, string> Headers, byte[] Body, string Path = "api/webpubsub")
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The captured request, to its path or <paramref name="path"/>, with <paramref name="changes"/> applied (a null
    /// value removes the header).
    /// </summary>
    public HttpRequestMessage Replay(IReadOnlyDictionary<string, string?>? changes = null, byte[]? body = null, string? path = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path ?? Path) { Content = new ByteArrayContent(body ?? Body) };
        var headers = Headers.ToDictionary(h => h.Key, h => (string?)h.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            headers[name] = value;
        }

        foreach (var (name, value) in headers)
        {
            if (value is null || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
