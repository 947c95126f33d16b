namespace Notifier.Emulator.DataPlane.Filtering;

internal enum FilterTokenKind : byte
{
    /// <summary>A property, function name, keyword operator or <c>true</c>/<c>false</c>/<c>null</c>.</summary>
    Identifier,

    /// <summary>A quoted string; its value has <c>''</c> unescaped.</summary>
    String,

    Integer,
    OpenParen,
    CloseParen,
    Comma,
    End,
}
