namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>The OData functions the service supports in filters.</summary>
internal enum FilterFunction : byte
{
    ToLower,
    ToUpper,
    Trim,
    Substring,
    Concat,
    IndexOf,
    Length,
    StartsWith,
    EndsWith,
    Contains,
}
