namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// One app setting the deployment gives the function app: its key and its value (a literal, or an ARM expression for
/// what only the deployment knows).
/// </summary>
internal sealed record InfraAppSetting(string Key, string Value)
{
    /// <summary>Where the app settings are declared, for messages.</summary>
    public const string DeclaredIn = "infra/modules/functionapp.bicep";

    public string NormalizedKey => SettingKeys.Normalize(Key);
}
