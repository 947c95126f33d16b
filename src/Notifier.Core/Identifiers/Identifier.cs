namespace Notifier.Core.Identifiers;

/// <summary>
/// The one rule for every id that reaches a table key, a Web PubSub user id, group name or URL:
/// 1 to 128 characters from <c>[A-Za-z0-9._:@-]</c>. Keys and OData filters need no escaping beyond this.
/// </summary>
public static class Identifier
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Returns whether <paramref name="value"/> is a valid id.</summary>
    /// <param name="value">The candidate.</param>
    /// <returns><see langword="true"/> when it has 1 to 128 allowed characters.</returns>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The message used when an id is rejected.</summary>
    public const string Rule = "must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -";

    private static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '@' or '-';
}
