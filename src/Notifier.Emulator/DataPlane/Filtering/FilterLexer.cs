using System.Globalization;
using System.Text;

namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>Splits a filter into tokens; positions are 0-based offsets into the filter text.</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new FilterToken(FilterTokenKind.End, string.Empty, 0, i, i));
                return tokens;
            }

            var start = i;
            var c = text[i];
            switch (c)
            {
                case '(':
                    tokens.Add(new FilterToken(FilterTokenKind.OpenParen, "(", 0, start, ++i));
                    continue;
                case ')':
                    tokens.Add(new FilterToken(FilterTokenKind.CloseParen, ")", 0, start, ++i));
                    continue;
                case ',':
                    tokens.Add(new FilterToken(FilterTokenKind.Comma, ",", 0, start, ++i));
                    continue;
                case '\'':
                    tokens.Add(ReadString(text, ref i));
                    continue;
            }

            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                var digits = text[start..i];
                if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    throw new FilterSyntaxException(start, $"the number {digits} is out of range.");
                }

                tokens.Add(new FilterToken(FilterTokenKind.Integer, digits, value, start, i));
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new FilterToken(FilterTokenKind.Identifier, text[start..i], 0, start, i));
                continue;
            }

            throw new FilterSyntaxException(start, $"unexpected character '{c}'.");
        }
    }

    private static FilterToken ReadString(string text, ref int i)
    {
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                return new FilterToken(FilterTokenKind.String, value.ToString(), 0, start, i);
            }

            value.Append(text[i++]);
        }

        throw new FilterSyntaxException(start, "the string is not closed with a quote (write a quote inside a string as '').");
    }
}
