using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Notifier.Emulator.DataPlane;

/// <summary>Reads and validates query parameters into the service's 400 answers, naming the parameter as the target.</summary>
internal static class QueryParameters
{
    public const int MaxMessageTtlSeconds = 300;

    /// <summary>The single value of <paramref name="name"/>, or null when absent; repeating it is an error.</summary>
    public static bool TryGetSingle(IQueryCollection query, string name, out string? value, out DataPlaneError? error)
    {
        value = null;
        error = null;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            error = DataPlaneError.BadRequest(name, $"The query parameter '{name}' may be given only once.");
            return false;
        }

        value = values[0];
        return true;
    }

    /// <summary>An optional integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryGetInt(IQueryCollection query, string name, int min, int max, out int? value, out DataPlaneError? error)
    {
        value = null;
        if (!TryGetSingle(query, name, out var text, out error))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            var range = max == int.MaxValue ? $"an integer of at least {min}" : $"an integer from {min} to {max}";
            error = DataPlaneError.BadRequest(name, $"The query parameter '{name}' must be {range}, not '{text}'.");
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>
    /// <c>messageTtlSeconds</c>: validated (0 to 300) as the service does. It is not enforced: the emulator's queues
    /// drain immediately or close slow clients, so a message never waits long enough to expire.
    /// </summary>
    public static DataPlaneError? ValidateMessageTtl(IQueryCollection query) =>
        TryGetInt(query, "messageTtlSeconds", 0, MaxMessageTtlSeconds, out _, out var error) ? null : error;

    /// <summary>The non-empty values of a repeated parameter (<c>excluded=a&amp;excluded=b</c>).</summary>
    public static string[] GetRepeated(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return [];
        }

        return NonEmpty(values);
    }

    private static string[] NonEmpty(StringValues values)
    {
        var result = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                result.Add(value);
            }
        }

        return [.. result];
    }
}
