namespace Notifier.Functions.Identity;

/// <summary>
/// Grants a topic group to users (section <c>Notifier:Topics</c>, a list): to everyone, to holders of a role, or, with
/// <see cref="Claim"/>, one group per value of a claim (<c>Group = "tenant.{value}"</c>, <c>Claim = "tid"</c>).
/// </summary>
internal sealed class TopicRule
{
    public const string Section = "Notifier:Topics";
    public const string ValuePlaceholder = "{value}";

    /// <summary>Gets or sets the group name, or a template containing <c>{value}</c>.</summary>
    public string Group { get; set; } = string.Empty;

    /// <summary>Gets or sets whether every signed-in user gets the group.</summary>
    public bool Everyone { get; set; }

    /// <summary>Gets or sets the role that grants the group.</summary>
    public string? Role { get; set; }

    /// <summary>Gets or sets the claim whose values fill <c>{value}</c> in <see cref="Group"/>.</summary>
    public string? Claim { get; set; }
}
