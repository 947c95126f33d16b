using Notifier.Core.Identifiers;

namespace Notifier.Core.Tests.Identifiers;

public class IdentifierTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("0")]
    [InlineData("user@example.com")]
    [InlineData("tenant:42.sales_eu-1")]
    [InlineData("._:@-")]
    [InlineData("01JABCDEFGHJKMNPQRSTVWXYZ0")]
    public void AllowedCharacters_AreValid(string value) => Assert.True(Identifier.IsValid(value));

    [Fact]
    public void Exactly128Characters_IsValid() => Assert.True(Identifier.IsValid(new string('x', 128)));

    [Fact]
    public void Over128Characters_IsInvalid() => Assert.False(Identifier.IsValid(new string('x', 129)));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a'b")]
    [InlineData("a\"b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a%20b")]
    [InlineData("a+b")]
    [InlineData("a,b")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("caf\u00e9")]
    [InlineData("\u0430")] // Cyrillic a
    [InlineData("\uff11")] // full-width digit one
    [InlineData("\u0130")] // capital I with dot
    [InlineData("\ud83d\ude00")]
    public void OtherCharacters_AreInvalid(string value) => Assert.False(Identifier.IsValid(value));

    [Fact]
    public void Rule_DescribesTheAlphabet() =>
        Assert.Equal("must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -", Identifier.Rule);
}
