using System.Text.RegularExpressions;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The service's rules for hub and group names. Hubs are case-insensitive: the SDKs lower-case them.</summary>
public static partial class SignalRNames
{
    /// <summary>The longest group name the service accepts.</summary>
    public const int MaxGroupLength = 1024;

    /// <summary>True when <paramref name="hub"/> matches <c>^[A-Za-z][A-Za-z0-9_`,.[\]]{0,127}$</c>.</summary>
    public static bool IsValidHub(string? hub) => hub is not null && HubPattern().IsMatch(hub);

    /// <summary>True when <paramref name="group"/> has 1 to 1,024 characters and is not only whitespace.</summary>
    public static bool IsValidGroup(string? group) =>
        !string.IsNullOrWhiteSpace(group) && group.Length <= MaxGroupLength;

    /// <summary>The hub as it appears in URLs and to upstream: lower-cased.</summary>
    public static string NormalizeHub(string hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return hub.ToLowerInvariant();
    }

    internal static string ValidateHub(string hub, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(hub, parameterName);
        if (!IsValidHub(hub))
        {
            throw new ArgumentException(
                $"'{hub}' is not a valid hub name: it must start with a letter and contain at most 128 letters, digits or the characters _`,.[].",
                parameterName);
        }

        return hub;
    }

    internal static string ValidateGroup(string group, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(group, parameterName);
        if (!IsValidGroup(group))
        {
            throw new ArgumentException("A group name must have 1 to 1,024 characters and not be only whitespace.", parameterName);
        }

        return group;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_`,.\[\]]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex HubPattern();
}
