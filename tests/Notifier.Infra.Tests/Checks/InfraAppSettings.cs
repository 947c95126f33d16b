using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>One app setting the Bicep gives the function app: its key and the Bicep expression of its value.</summary>
internal sealed record InfraAppSetting(string Key, string ValueExpression)
{
    public string NormalizedKey => SettingKeys.Normalize(Key);
}

/// <summary>
/// Reads the app settings out of the function app module: the properties of every object literal in a
/// <c>var ...Settings</c> and every <c>{ name: '...', value: ... }</c> pair in a <c>var ...Settings</c> (settings generated from
/// array parameters, such as topics).
/// </summary>
internal static partial class InfraAppSettings
{
    public const string RelativePath = "infra/modules/functionapp.bicep";

    public static IReadOnlyList<InfraAppSetting> Read(BicepSource functionApp)
    {
        var settings = new List<InfraAppSetting>();
        foreach (var variable in functionApp.OfKind("var").Where(v => v.Name.EndsWith("Settings", StringComparison.Ordinal)))
        {
            // Every object literal of the variable (for example both branches of a condition), except name/value pairs.
            for (var open = BicepScanner.IndexOutsideStrings(variable.Value, '{', 0);
                open >= 0;
                open = BicepScanner.IndexOutsideStrings(variable.Value, '{', open + 1))
            {
                var properties = BicepScanner.ObjectProperties(variable.Value[open..]);
                if (!properties.Any(p => p.Key is "name" or "value"))
                {
                    settings.AddRange(properties.Select(p => new InfraAppSetting(p.Key, p.Value)));
                }
            }

            foreach (Match pair in NameValuePair().Matches(variable.Value))
            {
                settings.Add(new InfraAppSetting(pair.Groups["name"].Value, pair.Groups["value"].Value.Trim()));
            }
        }

        return settings;
    }

    [GeneratedRegex(@"\bname:\s*'(?<name>(?:[^'\\\r\n]|\\.)*)'\s*[\r\n,]\s*value:\s*(?<value>[^\r\n]+)")]
    private static partial Regex NameValuePair();
}

/// <summary>Setting names compared the way the app's configuration sees them.</summary>
internal static partial class SettingKeys
{
    /// <summary>
    /// Array indexes become <c>#</c>, so <c>Notifier__Topics__1__Role</c> (sample) and
    /// <c>Notifier__Topics__${i}__Role</c> (Bicep, generated from an array parameter) compare equal.
    /// </summary>
    public static string Normalize(string key) => ArrayIndex().Replace(Interpolation().Replace(key, "#"), "__#");

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"__\d+(?=__|$)")]
    private static partial Regex ArrayIndex();
}
