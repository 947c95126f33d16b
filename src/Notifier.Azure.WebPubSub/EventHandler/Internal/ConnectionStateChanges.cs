namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// The state edits a handler made on a response, replayed in order over the request's state when the response is
/// written. Recording edits (rather than a full dictionary) lets responses be created without the request.
/// </summary>
internal sealed class ConnectionStateChanges
{
    private List<Edit>? _edits;

    public bool HasChanges => _edits is { Count: > 0 };

    public void Set(string key, BinaryData value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        (_edits ??= []).Add(new Edit(EditKind.Set, key, value));
    }

    public void Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        (_edits ??= []).Add(new Edit(EditKind.Remove, key, null));
    }

    public void Clear() => (_edits ??= []).Add(new Edit(EditKind.Clear, null, null));

    /// <summary>The state after the edits, or <see langword="null"/> when it equals <paramref name="current"/>.</summary>
    public IReadOnlyDictionary<string, BinaryData>? ApplyTo(IReadOnlyDictionary<string, BinaryData> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (_edits is null)
        {
            return null;
        }

        var result = new Dictionary<string, BinaryData>(current, StringComparer.Ordinal);
        foreach (var edit in _edits)
        {
            switch (edit.Kind)
            {
                case EditKind.Set:
                    result[edit.Key!] = edit.Value!;
                    break;
                case EditKind.Remove:
                    result.Remove(edit.Key!);
                    break;
                default:
                    result.Clear();
                    break;
            }
        }

        return AreEqual(result, current) ? null : result;
    }

    private static bool AreEqual(Dictionary<string, BinaryData> left, IReadOnlyDictionary<string, BinaryData> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !value.ToMemory().Span.SequenceEqual(other.ToMemory().Span))
            {
                return false;
            }
        }

        return true;
    }

    private enum EditKind
    {
        Set,
        Remove,
        Clear,
    }

    private readonly record struct Edit(EditKind Kind, string? Key, BinaryData? Value);
}
