using System.Globalization;
using Azure;

namespace Notifier.Publisher.Pipeline;

/// <summary>Reads <c>Retry-After</c> in seconds, the form the service sends.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Read(Response response) =>
        response.Headers.TryGetValue("Retry-After", out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
