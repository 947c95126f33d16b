namespace Notifier.Emulator.Permissions;

/// <summary>One element of a compiled <see cref="WildcardPattern"/>.</summary>
internal enum WildcardPatternTokenKind : byte
{
    /// <summary>Exactly this character (escaped wildcards included).</summary>
    Literal,

    /// <summary><c>?</c>: exactly one character other than the <c>.</c> hierarchy separator.</summary>
    AnyOne,

    /// <summary><c>*</c>: zero or more characters other than <c>.</c>, so it stays within one hierarchy level.</summary>
    Star,

    /// <summary><c>**</c> (or more stars): zero or more characters of any kind, crossing levels.</summary>
    DoubleStar,
}
