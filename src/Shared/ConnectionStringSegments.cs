using System.Diagnostics.CodeAnalysis;

namespace Notifier.Azure.Shared;

/// <summary>
/// The <c>key=value;…</c> reading both services' connection strings share: keys are case-insensitive, values trimmed,
/// empty segments ignored, only the first <c>=</c> of a segment splits it (keys may contain <c>=</c>), and a repeated key
/// is an error. Each library then checks its own keys. Linked source in both libraries.
/// </summary>
internal static class ConnectionStringSegments
{
    /// <summary>Reads the segments, or says why not (never echoing a value, since one is a secret).</summary>
    public static bool TryRead(
        string? connectionString,
        [NotNullWhen(true)] out Dictionary<string, string>? values,
        [NotNullWhen(false)] out string? error)
    {
        values = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = "The connection string is empty.";
            return false;
        }

        var read = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                error = $"The connection string segment '{segment.Split('=')[0]}' is not a key=value pair.";
                return false;
            }

            var key = segment[..separator].Trim();
            if (!read.TryAdd(key, segment[(separator + 1)..].Trim()))
            {
                error = $"The connection string has the key '{key}' more than once.";
                return false;
            }
        }

        values = read;
        error = null;
        return true;
    }
}
