using System.Text;

namespace Notifier.Infra.Tests.Checks;

/// <summary>
/// The small part of Bicep's lexical grammar these checks need: string literals (with <c>${...}</c>
/// interpolation and <c>'''</c> multi-line strings), comments, and bracket depth. Enough to strip comments,
/// split a file into top-level declarations and read the keys of object literals, without a compiler.
/// </summary>
internal static class BicepScanner
{
    private static readonly string[] DeclarationKeywords =
    [
        "param", "var", "resource", "module", "output", "targetScope", "using", "type", "func", "import",
        "metadata", "extension",
    ];

    /// <summary>Removes <c>//</c> and <c>/* */</c> comments outside string literals; keeps line breaks.</summary>
    public static string StripComments(string text)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'')
            {
                var end = SkipString(text, i);
                builder.Append(text, i, end - i);
                i = end;
            }
            else if (c == '/' && At(text, i + 1, '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && At(text, i + 1, '*'))
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException($"Unterminated /* comment at offset {i}.");
                }

                foreach (var skipped in text.AsSpan(i, end + 2 - i))
                {
                    builder.Append(skipped == '\n' ? '\n' : ' ');
                }

                i = end + 2;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Splits comment-free Bicep into top-level declarations. A declaration runs from its keyword to the next
    /// top-level keyword or decorator; the decorators just before it belong to it.
    /// </summary>
    public static IReadOnlyList<BicepDeclaration> SplitDeclarations(string text)
    {
        var declarations = new List<BicepDeclaration>();
        var decorators = new List<string>();
        StringBuilder? current = null;
        List<string>? currentDecorators = null;

        foreach (var line in LogicalLines(text))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed[0] == '@')
            {
                Flush();
                decorators.Add(trimmed);
            }
            else if (StartsWithKeyword(trimmed))
            {
                Flush();
                current = new StringBuilder(trimmed);
                currentDecorators = [.. decorators];
                decorators.Clear();
            }
            else if (current is not null)
            {
                current.Append('\n').Append(trimmed);
            }
            else
            {
                throw new FormatException($"Text outside any declaration: '{Shorten(trimmed)}'.");
            }
        }

        Flush();
        return declarations;

        void Flush()
        {
            if (current is not null)
            {
                declarations.Add(BicepDeclaration.Parse(current.ToString(), currentDecorators!));
                current = null;
                currentDecorators = null;
            }
        }
    }

    /// <summary>
    /// The properties of the first object literal in <paramref name="text"/>, in order: each key (quotes removed)
    /// and the raw text of its value. A value runs to the next key of the same object.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ObjectProperties(string text)
    {
        var open = IndexOutsideStrings(text, '{', 0);
        if (open < 0)
        {
            return [];
        }

        var properties = new List<KeyValuePair<string, string>>();
        string? key = null;
        var valueStart = -1;
        var depth = 1;
        var itemStart = true;
        var i = open + 1;
        while (i < text.Length && depth > 0)
        {
            var c = text[i];
            if (depth == 1 && itemStart && c is not (' ' or '\t' or '\r' or '\n'))
            {
                itemStart = false;
                if (TryReadKey(text, i, out var name, out var afterColon))
                {
                    AddPending(i);
                    key = name;
                    valueStart = afterColon;
                    i = afterColon;
                    continue;
                }
            }

            switch (c)
            {
                case '\'':
                    i = SkipString(text, i);
                    continue;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    if (depth == 0)
                    {
                        AddPending(i);
                    }

                    break;
                case '\n' or ',' when depth == 1:
                    itemStart = true;
                    break;
                default:
                    break;
            }

            i++;
        }

        if (depth != 0)
        {
            throw new FormatException("Unbalanced brackets in an object literal.");
        }

        return properties;

        void AddPending(int end)
        {
            if (key is not null)
            {
                properties.Add(new(key, text[valueStart..end].Trim().TrimEnd(',').Trim()));
                key = null;
            }
        }
    }

    /// <summary>The string literals directly in <paramref name="text"/> (their raw contents, interpolations kept).</summary>
    public static IReadOnlyList<string> StringLiterals(string text)
    {
        var literals = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                var end = SkipString(text, i);
                var quote = text.AsSpan(i).StartsWith("'''", StringComparison.Ordinal) ? 3 : 1;
                literals.Add(text[(i + quote)..(end - quote)]);
                i = end;
            }
            else
            {
                i++;
            }
        }

        return literals;
    }

    /// <summary>Index of the first <paramref name="target"/> at or after <paramref name="start"/> that is not inside a string.</summary>
    public static int IndexOutsideStrings(string text, char target, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                i = SkipString(text, i);
            }
            else if (text[i] == target)
            {
                return i;
            }
            else
            {
                i++;
            }
        }

        return -1;
    }

    /// <summary>Returns the index just after the string literal that starts at <paramref name="start"/>.</summary>
    public static int SkipString(string text, int start)
    {
        if (text.AsSpan(start).StartsWith("'''", StringComparison.Ordinal))
        {
            var end = text.IndexOf("'''", start + 3, StringComparison.Ordinal);
            return end < 0 ? throw new FormatException($"Unterminated ''' string at offset {start}.") : end + 3;
        }

        var i = start + 1;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case '\\':
                    i += 2;
                    break;
                case '\'':
                    return i + 1;
                case '$' when At(text, i + 1, '{'):
                    i = SkipInterpolation(text, i + 2);
                    break;
                case '\n':
                    throw new FormatException($"Line break inside a string at offset {start}.");
                default:
                    i++;
                    break;
            }
        }

        throw new FormatException($"Unterminated string at offset {start}.");
    }

    private static int SkipInterpolation(string text, int start)
    {
        var depth = 1;
        var i = start;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case '\'':
                    i = SkipString(text, i);
                    continue;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                default:
                    break;
            }

            i++;
        }

        throw new FormatException($"Unterminated interpolation at offset {start}.");
    }

    // Lines of the file at bracket depth 0: a multi-line object or array stays inside one logical line.
    private static IEnumerable<string> LogicalLines(string text)
    {
        var depth = 0;
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'')
            {
                i = SkipString(text, i);
                continue;
            }

            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
                if (depth < 0)
                {
                    throw new FormatException($"Unbalanced '{c}' at offset {i}.");
                }
            }
            else if (c == '\n' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }

            i++;
        }

        if (depth != 0)
        {
            throw new FormatException("Unbalanced brackets at the end of the file.");
        }

        yield return text[start..];
    }

    private static bool TryReadKey(string text, int start, out string key, out int afterColon)
    {
        key = "";
        afterColon = start;
        int end;
        if (text[start] == '\'')
        {
            end = SkipString(text, start);
            key = text[(start + 1)..(end - 1)];
        }
        else if (char.IsAsciiLetter(text[start]) || text[start] == '_')
        {
            end = start;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            key = text[start..end];
        }
        else
        {
            return false;
        }

        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }

        if (!At(text, end, ':') || At(text, end + 1, ':'))
        {
            return false;
        }

        afterColon = end + 1;
        return true;
    }

    private static bool StartsWithKeyword(string line)
    {
        foreach (var keyword in DeclarationKeywords)
        {
            if (line.StartsWith(keyword, StringComparison.Ordinal)
                && line.Length > keyword.Length
                && line[keyword.Length] is ' ' or '\t' or '=')
            {
                return true;
            }
        }

        return false;
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
