using System.Text;
using System.Web;

namespace Notifier.Testing.Transport;

/// <summary>One request as it would have gone on the wire.</summary>
public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>All values of a query parameter, in order (repeated parameters are how arrays travel).</summary>
    public IReadOnlyList<string> Query(string name)
    {
        var values = HttpUtility.ParseQueryString(Uri.Query).GetValues(name);
        return values ?? [];
    }
}
