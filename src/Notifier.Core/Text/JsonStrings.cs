using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Notifier.Core.Text;

/// <summary>
/// Finds text that is not Unicode in a JSON document: invalid UTF-8 bytes, or escapes of lone surrogates such as
/// <c>\ud800</c>. <see cref="JsonDocument"/> accepts both and leaves the check to <c>GetString()</c>, which throws, while
/// copying an element replaces bad bytes with U+FFFD; so bodies are checked once, up front, and refused by field.
/// </summary>
public static class JsonStrings
{
    /// <summary>The error message for a field that <see cref="FindMalformed"/> names.</summary>
    public const string MalformedMessage = "is not valid Unicode text: it holds bytes that are not UTF-8, or an escaped surrogate without its pair.";

    /// <summary>Finds the first property name or string value that is not valid Unicode.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="maxDepth">The deepest nesting to follow; deeper documents are left to the parser to refuse.</param>
    /// <returns>The field that holds it (<c>title</c>, <c>[2].data.note</c>, <c>ids[0]</c>), or <see langword="null"/>
    /// when every string is well formed or the document is not JSON (which the caller's parser reports).</returns>
    public static string? FindMalformed(ReadOnlySpan<byte> utf8Json, int maxDepth = 64)
    {
        // Every publish body passes here, so the common case reads without allocating; only a body that has broken
        // text is read again to name the field.
        var options = new JsonReaderOptions { MaxDepth = maxDepth };
        return IsAllWellFormed(utf8Json, options) ? null : Locate(utf8Json, options);
    }

    private static bool IsAllWellFormed(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8Json, options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && !IsWellFormed(ref reader))
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the caller's parser says where.
        }

        return true;
    }

    private static string? Locate(ReadOnlySpan<byte> utf8Json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(utf8Json, options);
        var path = new PathBuilder();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.Enter(array: false);
                        break;
                    case JsonTokenType.StartArray:
                        path.Enter(array: true);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!IsWellFormed(ref reader))
                        {
                            return path.Describe(propertyName: true);
                        }

                        path.Name(reader.GetString()!);
                        break;
                    case JsonTokenType.String:
                        path.Value();
                        if (!IsWellFormed(ref reader))
                        {
                            return path.Describe(propertyName: false);
                        }

                        break;
                    default:
                        path.Value();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static bool IsWellFormed(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Utf8.IsValid(reader.ValueSpan);
        }

        // Escaped text: unescaping reports invalid UTF-8 and lone surrogates by throwing.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(rented);
            return !HasLoneSurrogate(rented.AsSpan(0, written));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tracks where the reader is, in the field notation the API's errors use.</summary>
    private sealed class PathBuilder
    {
        private readonly List<Frame> _frames = [];

        public void Enter(bool array)
        {
            Value();
            _frames.Add(new Frame(array));
        }

        public void Leave() => _frames.RemoveAt(_frames.Count - 1);

        public void Name(string name) => _frames[^1].Name = name;

        /// <summary>A value begins: in an array it takes the next index.</summary>
        public void Value()
        {
            if (_frames.Count > 0 && _frames[^1].Array)
            {
                _frames[^1].Index++;
            }
        }

        public string Describe(bool propertyName)
        {
            var text = new StringBuilder();
            foreach (var frame in _frames)
            {
                if (frame.Array)
                {
                    text.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                }
                else if (frame.Name is { } name && !(propertyName && ReferenceEquals(frame, _frames[^1])))
                {
                    if (text.Length > 0)
                    {
                        text.Append('.');
                    }

                    text.Append(name);
                }
            }

            return text.Length == 0 ? "body" : text.ToString();
        }

        private sealed class Frame(bool array)
        {
            public bool Array { get; } = array;

            public int Index { get; set; } = -1;

            public string? Name { get; set; }
        }
    }
}
