namespace Notifier.Publisher.Validation;

/// <summary>The service's rule for ids, user ids, group names, senders and types: 1 to 128 of <c>[A-Za-z0-9._:@-]</c>.</summary>
internal static class IdentifierRule
{
    public const int MaxLength = 128;

    public const string Message = "must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -.";

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
