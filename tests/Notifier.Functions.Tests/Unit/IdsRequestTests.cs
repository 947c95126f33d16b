using System.Text;
using Notifier.Functions.Inbox;

namespace Notifier.Functions.Tests.Unit;

public class IdsRequestTests
{
    private static (IReadOnlyList<string> Ids, bool All, string? Field, string? Message) Parse(string json, bool allowAll = true, int maxIds = 3) =>
        IdsRequest.Parse(Encoding.UTF8.GetBytes(json), allowAll, maxIds);

    private static void AssertRefused(string json, string field, bool allowAll = true)
    {
        var (ids, all, actualField, message) = Parse(json, allowAll);
        Assert.Equal(field, actualField);
        Assert.False(string.IsNullOrEmpty(message));
        Assert.Empty(ids);
        Assert.False(all);
    }

    [Fact]
    public void Ids_AreReturnedInOrder()
    {
        var (ids, all, field, message) = Parse("""{"ids":["n2","n1","n3"]}""");

        Assert.Equal(["n2", "n1", "n3"], ids);
        Assert.False(all);
        Assert.Null(field);
        Assert.Null(message);
    }

    [Fact]
    public void AllTrue_IsAcceptedWhereAllowed()
    {
        var (ids, all, field, _) = Parse("""{"all":true}""");

        Assert.True(all);
        Assert.Empty(ids);
        Assert.Null(field);
    }

    [Fact]
    public void All_IsAnUnknownFieldWhereNotAllowed()
    {
        var (_, all, field, message) = Parse("""{"all":true}""", allowAll: false);

        Assert.False(all);
        Assert.Equal("all", field);
        Assert.Equal("is not a field of this request.", message);
    }

    [Theory]
    [InlineData("""{"all":false}""")]
    [InlineData("""{"all":"true"}""")]
    [InlineData("""{"all":null}""")]
    public void AllNotTrue_IsRefused(string json) => AssertRefused(json, "all");

    [Fact]
    public void AllWithIds_IsRefusedNamingIds()
    {
        var (_, _, field, message) = Parse("""{"all":true,"ids":["n1"]}""");

        Assert.Equal("ids", field);
        Assert.Equal("cannot be combined with 'all'.", message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"ids\":[")]
    public void MalformedJson_NamesBody(string json) => AssertRefused(json, "body");

    [Theory]
    [InlineData("[\"n1\"]")]
    [InlineData("\"n1\"")]
    [InlineData("null")]
    public void NonObject_NamesBody(string json) => AssertRefused(json, "body");

    [Fact]
    public void UnknownField_IsNamed() => AssertRefused("""{"ids":["n1"],"extra":1}""", "extra");

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"ids":"n1"}""")]
    [InlineData("""{"ids":null}""")]
    public void MissingOrNonArrayIds_NamesIds(string json) => AssertRefused(json, "ids");

    [Fact]
    public void MissingIds_MentionsAllOnlyWhereAllowed()
    {
        Assert.Contains("\"all\"", Parse("{}", allowAll: true).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("all", Parse("{}", allowAll: false).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ids":[]}""")]
    [InlineData("""{"ids":["a","b","c","d"]}""")]
    public void EmptyOrTooManyIds_AreRefused(string json)
    {
        var (_, _, field, message) = Parse(json, maxIds: 3);

        Assert.Equal("ids", field);
        Assert.Equal("must hold 1 to 3 ids.", message);
    }

    [Fact]
    public void ExactlyMaxIds_AreAccepted() => Assert.Equal(3, Parse("""{"ids":["a","b","c"]}""", maxIds: 3).Ids.Count);

    [Theory]
    [InlineData("""{"ids":["ok",5]}""")]
    [InlineData("""{"ids":["ok",null]}""")]
    [InlineData("""{"ids":["ok",""]}""")]
    [InlineData("""{"ids":["ok","a b"]}""")]
    [InlineData("""{"ids":["ok","a/b"]}""")]
    public void InvalidId_IsNamedByIndex(string json)
    {
        var (ids, _, field, message) = Parse(json);

        Assert.Empty(ids);
        Assert.Equal("ids[1]", field);
        Assert.StartsWith("must be 1 to 128 characters", message, StringComparison.Ordinal);
    }
}
