using System.Text;
using Notifier.Core.Text;

namespace Notifier.Core.Tests.Text;

public class JsonStringsTests
{
    [Theory]
    [InlineData("""{"title":"\ud800"}""", "title")]
    [InlineData("""{"title":"ok","body":"x\udc00y"}""", "body")]
    [InlineData("""{"data":{"a":{"b":["x","\ud83d"]}}}""", "data.a.b[1]")]
    [InlineData("""[{"title":"ok"},{"title":"\udfff"}]""", "[1].title")]
    [InlineData("""{"ids":["n1","n2","\ud800x"]}""", "ids[2]")]
    [InlineData("""{"a":[[1,2],["\ud800"]]}""", "a[1][0]")]
    [InlineData("""{"\ud800":1}""", "body")]
    [InlineData("""{"data":{"\ud800":1}}""", "data")]
    [InlineData("\"\\ud800\"", "body")]
    public void A_lone_surrogate_escape_is_found_and_its_field_named(string json, string field) =>
        Assert.Equal(field, JsonStrings.FindMalformed(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData(new byte[] { 0xFF }, "title")]
    [InlineData(new byte[] { 0xC0, 0xAF }, "title")] // an overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "title")] // a surrogate encoded as UTF-8
    [InlineData(new byte[] { 0xE2, 0x82 }, "title")] // a truncated euro sign
    public void Bytes_that_are_not_utf8_are_found(byte[] bad, string field)
    {
        byte[] json = [.. "{\"title\":\""u8, .. bad, .. "\"}"u8];
        Assert.Equal(field, JsonStrings.FindMalformed(json));
    }

    [Fact]
    public void Escaped_bytes_that_are_not_utf8_are_found()
    {
        // An escape next to raw invalid bytes takes the unescaping path.
        byte[] json = [.. "{\"title\":\"\\n"u8, 0xFF, .. "\"}"u8];
        Assert.Equal("title", JsonStrings.FindMalformed(json));
    }

    [Theory]
    [InlineData("""{"title":"Grüße € \ud83d\ude00","data":{"k":["ü","\u00e9"]}}""")]
    [InlineData("""[1,true,null,{"a":"b"}]""")]
    [InlineData("""{}""")]
    [InlineData("""not json at all""")]
    [InlineData("""{"unterminated":""")]
    public void Well_formed_text_and_documents_that_are_not_json_are_left_to_the_parser(string json) =>
        Assert.Null(JsonStrings.FindMalformed(Encoding.UTF8.GetBytes(json)));
}
