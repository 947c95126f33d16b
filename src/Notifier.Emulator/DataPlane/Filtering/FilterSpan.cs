namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// Where a node sits in the filter text. Kept as offsets, not as a substring, so a long chain of clauses does not
/// copy the filter once per node; the text is cut only for an error message.
/// </summary>
internal readonly record struct FilterSpan(string Source, int Start, int End)
{
    public string Text => Source[Start..End];
}
