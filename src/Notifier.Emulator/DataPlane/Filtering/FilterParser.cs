namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>
/// A recursive-descent parser for the OData subset Web PubSub accepts, type-checking as it goes. Precedence follows
/// the OData grammar (loosest first): <c>or</c>; <c>and</c>; the six comparisons (left-associative, one level, as in
/// OData's own parser); <c>not</c>; <c>in</c>; primaries (literals, properties, function calls, parentheses). So
/// <c>not length(userId) gt 5</c> is <c>(not length(userId)) gt 5</c>, a type error, as on the service. Keywords and
/// literals are lower-case as in OData; property and function names are matched case-insensitively.
/// </summary>
internal sealed class FilterParser
{
    /// <summary>Nesting limit (parentheses, <c>not</c>, function arguments), so a hostile filter cannot overflow the stack.</summary>
    public const int MaxDepth = 100;

    private static readonly string[] UnsupportedOperators = ["add", "sub", "mul", "div", "divby", "mod", "has"];

    private readonly string _text;
    private readonly List<FilterToken> _tokens;
    private int _index;
    private int _depth;
    private int _lastEnd;

    private FilterParser(string text)
    {
        _text = text;
        _tokens = FilterLexer.Tokenize(text);
    }

    private FilterToken Current => _tokens[_index];

    /// <summary>Parses and type-checks <paramref name="text"/>; throws <see cref="FilterSyntaxException"/> when it is invalid.</summary>
    public static FilterNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new FilterParser(text);
        if (parser.Current.Kind == FilterTokenKind.End)
        {
            throw new FilterSyntaxException(0, "the filter is empty.");
        }

        var root = parser.ParseOr();
        if (parser.Current.Kind != FilterTokenKind.End)
        {
            throw Unexpected(parser.Current, "an operator or the end of the filter");
        }

        if (root.Type != FilterType.Bool)
        {
            throw new FilterSyntaxException(root.Position, $"a filter must be a condition, but '{root.Text}' is {Describe(root.Type)}.");
        }

        return root;
    }

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("or"))
        {
            var op = Next();
            var right = ParseAnd();
            left = new LogicalNode(false, RequireBool(left, op), RequireBool(right, op), SpanFrom(left.Position));
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseComparison();
        while (IsKeyword("and"))
        {
            var op = Next();
            var right = ParseComparison();
            left = new LogicalNode(true, RequireBool(left, op), RequireBool(right, op), SpanFrom(left.Position));
        }

        return left;
    }

    private FilterNode ParseComparison()
    {
        var left = ParseUnary();
        while (TryComparison(out var op))
        {
            var token = Next();
            var right = ParseUnary();
            CheckComparison(op, left, right, token);
            left = new ComparisonNode(op, left, right, SpanFrom(left.Position));
        }

        return left;
    }

    private FilterNode ParseUnary()
    {
        if (!IsKeyword("not"))
        {
            return ParseIn();
        }

        var op = Next();
        Enter(op);
        var operand = ParseUnary();
        _depth--;
        return new NotNode(RequireBool(operand, op), SpanFrom(op.Start));
    }

    private FilterNode ParseIn()
    {
        var left = ParsePrimary();
        if (!IsKeyword("in"))
        {
            return left;
        }

        var op = Next();
        if (left.Type == FilterType.Collection)
        {
            throw new FilterSyntaxException(left.Position, $"'{left.Text}' is a collection and cannot be the left side of 'in'.");
        }

        if (Current.Kind != FilterTokenKind.OpenParen)
        {
            var collection = ParsePrimary();
            if (collection.Type != FilterType.Collection)
            {
                throw new FilterSyntaxException(collection.Position, $"'in' needs 'groups' or a list such as ('a', 'b') on its right, not '{collection.Text}'.");
            }

            return InGroups(left, op);
        }

        var open = Next();
        Enter(open);
        var items = new List<FilterNode> { ParseOr() };
        while (Current.Kind == FilterTokenKind.Comma)
        {
            Next();
            items.Add(ParseOr());
        }

        Expect(FilterTokenKind.CloseParen, "',' or ')'");
        _depth--;
        if (items is [{ Type: FilterType.Collection }])
        {
            return InGroups(left, op);
        }

        foreach (var item in items)
        {
            if (item.Type == FilterType.Collection || !Comparable(left.Type, item.Type))
            {
                throw new FilterSyntaxException(item.Position, $"the list item '{item.Text}' is {Describe(item.Type)}, but '{left.Text}' is {Describe(left.Type)}.");
            }
        }

        return new InListNode(left, [.. items], SpanFrom(left.Position));
    }

    private InGroupsNode InGroups(FilterNode left, FilterToken op)
    {
        if (left.Type is not (FilterType.String or FilterType.Null))
        {
            throw new FilterSyntaxException(op.Start, $"group names are strings, but '{left.Text}' is {Describe(left.Type)}.");
        }

        return new InGroupsNode(left, SpanFrom(left.Position));
    }

    private FilterNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case FilterTokenKind.String:
                Next();
                return new ConstantNode(FilterValue.FromString(token.Value.AsMemory()), SpanFrom(token.Start));
            case FilterTokenKind.Integer:
                Next();
                return new ConstantNode(FilterValue.FromInt(token.Integer), SpanFrom(token.Start));
            case FilterTokenKind.OpenParen:
                Next();
                Enter(token);
                var inner = ParseOr();
                Expect(FilterTokenKind.CloseParen, "')'");
                _depth--;
                return inner;
            case FilterTokenKind.Identifier:
                break;
            default:
                throw Unexpected(token, "an expression");
        }

        switch (token.Value)
        {
            case "true":
            case "false":
                Next();
                return new ConstantNode(FilterValue.FromBool(token.Value == "true"), SpanFrom(token.Start));
            case "null":
                Next();
                return new ConstantNode(FilterValue.Null, SpanFrom(token.Start));
            case "and" or "or" or "not" or "in" or "eq" or "ne" or "gt" or "ge" or "lt" or "le":
                throw Unexpected(token, "an expression");
        }

        Next();
        if (Current.Kind == FilterTokenKind.OpenParen)
        {
            return ParseFunction(token);
        }

        FilterProperty property;
        if (string.Equals(token.Value, "userId", StringComparison.OrdinalIgnoreCase))
        {
            property = FilterProperty.UserId;
        }
        else if (string.Equals(token.Value, "connectionId", StringComparison.OrdinalIgnoreCase))
        {
            property = FilterProperty.ConnectionId;
        }
        else if (string.Equals(token.Value, "groups", StringComparison.OrdinalIgnoreCase))
        {
            property = FilterProperty.Groups;
        }
        else if (string.Equals(token.Value, "protocol", StringComparison.OrdinalIgnoreCase))
        {
            property = FilterProperty.Protocol;
        }
        else
        {
            throw new FilterSyntaxException(token.Start, $"unknown property '{token.Value}'; filters can use userId, connectionId, groups and protocol.");
        }

        return new PropertyNode(property, SpanFrom(token.Start));
    }

    private FunctionNode ParseFunction(FilterToken name)
    {
        var open = Next();
        Enter(open);
        var arguments = new List<FilterNode>();
        if (Current.Kind != FilterTokenKind.CloseParen)
        {
            arguments.Add(ParseOr());
            while (Current.Kind == FilterTokenKind.Comma)
            {
                Next();
                arguments.Add(ParseOr());
            }
        }

        Expect(FilterTokenKind.CloseParen, "',' or ')'");
        _depth--;

        var (function, resultType, minArguments, maxArguments) = name.Value.ToLowerInvariant() switch
        {
            "tolower" => (FilterFunction.ToLower, FilterType.String, 1, 1),
            "toupper" => (FilterFunction.ToUpper, FilterType.String, 1, 1),
            "trim" => (FilterFunction.Trim, FilterType.String, 1, 1),
            "substring" => (FilterFunction.Substring, FilterType.String, 2, 3),
            "concat" => (FilterFunction.Concat, FilterType.String, 2, 2),
            "indexof" => (FilterFunction.IndexOf, FilterType.Int, 2, 2),
            "length" => (FilterFunction.Length, FilterType.Int, 1, 1),
            "startswith" => (FilterFunction.StartsWith, FilterType.Bool, 2, 2),
            "endswith" => (FilterFunction.EndsWith, FilterType.Bool, 2, 2),
            "contains" => (FilterFunction.Contains, FilterType.Bool, 2, 2),
            _ => throw new FilterSyntaxException(
                name.Start,
                $"unknown function '{name.Value}'; supported are tolower, toupper, trim, substring, concat, indexof, length, startswith, endswith and contains."),
        };

        if (arguments.Count < minArguments || arguments.Count > maxArguments)
        {
            var expected = minArguments == maxArguments ? $"{minArguments}" : $"{minArguments} or {maxArguments}";
            throw new FilterSyntaxException(name.Start, $"'{name.Value}' takes {expected} argument{(maxArguments == 1 ? string.Empty : "s")}, not {arguments.Count}.");
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var expectsInt = function == FilterFunction.Substring && i > 0;
            var valid = argument.Type == FilterType.Null
                || argument.Type == (expectsInt ? FilterType.Int : FilterType.String)
                || (function == FilterFunction.Length && argument.Type == FilterType.Collection);
            if (!valid)
            {
                var wanted = expectsInt ? "an integer" : function == FilterFunction.Length ? "a string or groups" : "a string";
                throw new FilterSyntaxException(argument.Position, $"argument {i + 1} of '{name.Value}' must be {wanted}, but '{argument.Text}' is {Describe(argument.Type)}.");
            }
        }

        return new FunctionNode(function, [.. arguments], resultType, SpanFrom(name.Start));
    }

    private static void CheckComparison(ComparisonOperator op, FilterNode left, FilterNode right, FilterToken token)
    {
        foreach (var side in (ReadOnlySpan<FilterNode>)[left, right])
        {
            if (side.Type == FilterType.Collection)
            {
                throw new FilterSyntaxException(side.Position, $"'{side.Text}' is a collection and cannot be compared with '{token.Value}'; use 'x in {side.Text}' or 'length({side.Text})'.");
            }

            if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual) && side.Type == FilterType.Bool)
            {
                throw new FilterSyntaxException(side.Position, $"'{token.Value}' orders integers or strings, but '{side.Text}' is {Describe(side.Type)}.");
            }
        }

        if (!Comparable(left.Type, right.Type))
        {
            throw new FilterSyntaxException(token.Start, $"'{token.Value}' cannot compare '{left.Text}' ({Describe(left.Type)}) with '{right.Text}' ({Describe(right.Type)}).");
        }
    }

    private static bool Comparable(FilterType left, FilterType right) =>
        left == right || left == FilterType.Null || right == FilterType.Null;

    private static FilterNode RequireBool(FilterNode node, FilterToken op)
    {
        if (node.Type != FilterType.Bool)
        {
            throw new FilterSyntaxException(node.Position, $"'{op.Value}' needs a condition, but '{node.Text}' is {Describe(node.Type)}; add parentheses if you meant '{op.Value} (...)'.");
        }

        return node;
    }

    private bool TryComparison(out ComparisonOperator op)
    {
        op = default;
        if (Current.Kind != FilterTokenKind.Identifier)
        {
            return false;
        }

        switch (Current.Value)
        {
            case "eq": op = ComparisonOperator.Equal; return true;
            case "ne": op = ComparisonOperator.NotEqual; return true;
            case "gt": op = ComparisonOperator.GreaterThan; return true;
            case "ge": op = ComparisonOperator.GreaterThanOrEqual; return true;
            case "lt": op = ComparisonOperator.LessThan; return true;
            case "le": op = ComparisonOperator.LessThanOrEqual; return true;
            default: return false;
        }
    }

    private bool IsKeyword(string keyword) =>
        Current.Kind == FilterTokenKind.Identifier && string.Equals(Current.Value, keyword, StringComparison.Ordinal);

    private FilterToken Next()
    {
        var token = Current;
        _lastEnd = token.End;
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }

        return token;
    }

    private void Expect(FilterTokenKind kind, string expected)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(Current, expected);
        }

        Next();
    }

    private void Enter(FilterToken token)
    {
        if (++_depth > MaxDepth)
        {
            throw new FilterSyntaxException(token.Start, $"the filter nests deeper than {MaxDepth} levels.");
        }
    }

    private FilterSpan SpanFrom(int start) => new(_text, start, _lastEnd);

    private static FilterSyntaxException Unexpected(FilterToken token, string expected)
    {
        if (token.Kind == FilterTokenKind.Identifier && UnsupportedOperators.Contains(token.Value, StringComparer.Ordinal))
        {
            return new FilterSyntaxException(token.Start, $"the operator '{token.Value}' is not supported.");
        }

        return new FilterSyntaxException(token.Start, $"expected {expected} but found {token.Describe()}.");
    }

    private static string Describe(FilterType type) => type switch
    {
        FilterType.Null => "null",
        FilterType.Bool => "a condition",
        FilterType.Int => "an integer",
        FilterType.String => "a string",
        _ => "a collection",
    };
}
