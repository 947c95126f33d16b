using System.Globalization;
using System.Text.RegularExpressions;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Testing.Azurite;

namespace Notifier.Azure.WebPubSub.Tests.Protocol;

/// <summary>
/// The JavaScript client (client/src) cannot use the C# constants, so it repeats the ones it needs; these tests read its
/// sources and fail when a copy drifts from <see cref="WebPubSubSubprotocols"/>, <see cref="WebPubSubCloseStatus"/> or
/// <see cref="AckErrorNames"/>.
/// </summary>
public sealed partial class JsClientAgreementTests
{
    private static readonly string ClientSource = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "client", "src", "client.js"));
    private static readonly string ClientDeclarations = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "client", "src", "index.d.ts"));

    [Fact]
    public void Subprotocol_is_the_reliable_json_one()
    {
        Assert.Equal(WebPubSubSubprotocols.JsonReliable, Constant(ClientSource, "SUBPROTOCOL").Trim('\''));
        Assert.Equal(WebPubSubSubprotocols.JsonReliable, DeclaredLiteral("SUBPROTOCOL"));
    }

    [Fact]
    public void Close_codes_that_end_the_session_are_the_services()
    {
        Assert.Equal((int)WebPubSubCloseStatus.SessionEnded, int.Parse(Constant(ClientSource, "CLOSE_SESSION_ENDED"), CultureInfo.InvariantCulture));
        Assert.Equal((int)WebPubSubCloseStatus.Closed, int.Parse(Constant(ClientSource, "CLOSE_CLOSED"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Duplicate_ack_error_is_the_services()
    {
        Assert.Equal(AckErrorNames.Duplicate, Constant(ClientSource, "ACK_DUPLICATE").Trim('\''));
    }

    private static string Constant(string source, string name)
    {
        var match = ConstantPattern().Matches(source).SingleOrDefault(m => m.Groups["name"].Value == name);
        Assert.True(match is not null, $"client.js defines no 'const {name} = ...;'.");
        return match.Groups["value"].Value;
    }

    private static string DeclaredLiteral(string name)
    {
        var match = DeclarationPattern().Matches(ClientDeclarations).SingleOrDefault(m => m.Groups["name"].Value == name);
        Assert.True(match is not null, $"index.d.ts declares no 'const {name}: '...'.");
        return match.Groups["value"].Value;
    }

    [GeneratedRegex(@"^(?:export\s+)?const\s+(?<name>[A-Z_]+)\s*=\s*(?<value>'[^']*'|\d+)\s*;", RegexOptions.Multiline)]
    private static partial Regex ConstantPattern();

    [GeneratedRegex(@"^export\s+declare\s+const\s+(?<name>[A-Z_]+)\s*:\s*'(?<value>[^']*)'\s*;", RegexOptions.Multiline)]
    private static partial Regex DeclarationPattern();
}
