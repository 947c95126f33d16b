using System.Text;
using Azure.Core;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Authentication;

/// <summary>Builds the Shared Key Lite string-to-sign for Table and Queue requests.</summary>
/// <remarks>
/// https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key. The canonicalized resource is
/// <c>/{account}{path as sent}</c>: for path-style URLs (Azurite) the path already starts with the account, which is
/// why the account appears twice there, and exactly what Azurite verifies.
/// </remarks>
internal static class SharedKeyStringToSign
{
    public static string Create(StorageService service, Request request, string accountName)
    {
        var uri = request.Uri.ToUri();
        var builder = new StringBuilder(256);
        if (service == StorageService.Table)
        {
            // Table Shared Key Lite: Date \n CanonicalizedResource.
            builder.Append(Header(request, StorageHeaders.Date)).Append('\n');
        }
        else
        {
            // Queue/Blob Shared Key Lite: VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedHeaders CanonicalizedResource.
            // Date stays empty because x-ms-date is sent and covered by the canonicalized headers.
            builder.Append(request.Method.Method).Append('\n')
                .Append(Header(request, StorageHeaders.ContentMD5)).Append('\n')
                .Append(Header(request, StorageHeaders.ContentType)).Append('\n')
                .Append('\n');
            AppendCanonicalizedHeaders(builder, request);
        }

        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var comp = FindQueryValue(uri.Query, "comp");
        if (comp is not null)
        {
            builder.Append("?comp=").Append(Uri.UnescapeDataString(comp));
        }

        return builder.ToString();
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

    private static void AppendCanonicalizedHeaders(StringBuilder builder, Request request)
    {
        // Every x-ms-* header counts, including the ones Azure.Core adds (x-ms-client-request-id).
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(header.Name.ToLowerInvariant(), header.Value.Trim()));
            }
        }

        headers.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static string? FindQueryValue(string query, string name)
    {
        var span = query.AsSpan().TrimStart('?');
        while (!span.IsEmpty)
        {
            var end = span.IndexOf('&');
            var pair = end < 0 ? span : span[..end];
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return eq < 0 ? string.Empty : pair[(eq + 1)..].ToString();
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return null;
    }
}
