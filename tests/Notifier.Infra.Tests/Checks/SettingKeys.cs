using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>Setting names compared the way the app's configuration sees them.</summary>
internal static partial class SettingKeys
{
    /// <summary>Array indexes become <c>#</c>, so <c>Notifier__Topics__1__Role</c> and <c>Notifier__Topics__0__Role</c> compare equal.</summary>
    public static string Normalize(string key) => ArrayIndex().Replace(key, "__#");

    [GeneratedRegex(@"__\d+(?=__|$)")]
    private static partial Regex ArrayIndex();
}
