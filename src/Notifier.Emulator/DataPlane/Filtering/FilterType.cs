namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>The type of a filter expression, known when it is parsed, and the kind of a value when it is evaluated.</summary>
internal enum FilterType : byte
{
    /// <summary>The <c>null</c> literal, or at run time a missing value (an anonymous connection's user id).</summary>
    Null,

    Bool,

    /// <summary>A 64-bit integer.</summary>
    Int,

    String,

    /// <summary>The connection's <c>groups</c>: usable only with <c>in</c> and <c>length</c>.</summary>
    Collection,
}
