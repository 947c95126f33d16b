namespace Notifier.Infra.Tests.Checks;

/// <summary>What the drift check allows besides "the Bicep sets the same key".</summary>
/// <param name="LocalOnly">Sample keys that must not reach Azure, each with the reason (normalized keys).</param>
/// <param name="InfraOnly">
/// App (<c>Notifier__</c>) settings the Bicep sets that the sample does not list yet, each with the reason.
/// </param>
/// <param name="ProvidedOtherwise">
/// Sample keys that Azure gets another way than an app setting; the function returns null when the Bicep provides
/// the sample's value that way, or the problem.
/// </param>
internal sealed record SettingsPolicy(
    IReadOnlyDictionary<string, string> LocalOnly,
    IReadOnlyDictionary<string, string> InfraOnly,
    IReadOnlyDictionary<string, Func<string, string?>> ProvidedOtherwise);
