using System.Text.Json;
using Notifier.Functions.QueueTriggers;

namespace Notifier.Functions.Tests.Unit;

public class WrappedValueTests
{
    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void DoubleEncodedString_AsTheHostSendsIt_IsUnwrapped() =>
        Assert.Equal("""{"a":1}""", WrappedValue.AsString(Element("""
            "\"{\\\"a\\\":1}\""
            """)));

    [Fact]
    public void DoubleEncodedString_IsExactlyWhatJsonSerialisingTheMessageTwiceGives()
    {
        const string Message = """{"to":{"users":["alice"]},"title":"Caf\u00e9 \"quoted\""}""";
        var wrapped = JsonSerializer.Serialize(JsonSerializer.Serialize(Message));

        Assert.Equal(Message, WrappedValue.AsString(Element(wrapped)));
    }

    [Theory]
    [InlineData("\"hello\"", "hello")]
    [InlineData("\"{\\\"a\\\":1}\"", "{\"a\":1}")]
    [InlineData("\"\"", "")]
    [InlineData("\"\\\"\\\"\"", "")]
    [InlineData("\"\\\"a\\\"b\\\"\"", "\"a\"b\"")]
    [InlineData("\"\\\"\"", "\"")]
    public void PlainStrings_AreReturnedAsTheyAre(string json, string expected) =>
        Assert.Equal(expected, WrappedValue.AsString(Element(json)));

    [Fact]
    public void ObjectPassedThrough_IsReturnedAsItsJson() =>
        Assert.Equal("""{"a": [1, 2]}""", WrappedValue.AsString(Element("""{"a": [1, 2]}""")));

    [Fact]
    public void Null_IsNull() => Assert.Null(WrappedValue.AsString(Element("null")));

    [Theory]
    [InlineData("4", 4L)]
    [InlineData("\"4\"", 4L)]
    [InlineData("\"\\\"4\\\"\"", 4L)]
    [InlineData("0", 0L)]
    [InlineData("\"-12\"", -12L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Numbers_AreReadAsNumbersOrStrings(string json, long expected) =>
        Assert.Equal(expected, WrappedValue.AsInt64(Element(json)));

    [Theory]
    [InlineData("4.5")]
    [InlineData("\"four\"")]
    [InlineData("\"4.5\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    public void NonIntegers_AreNull(string json) => Assert.Null(WrappedValue.AsInt64(Element(json)));

    [Theory]
    [InlineData("\"2024-05-01T10:00:00Z\"")]
    [InlineData("\"2024-05-01T10:00:00+00:00\"")]
    [InlineData("\"2024-05-01T12:00:00+02:00\"")]
    [InlineData("\"2024-05-01T05:00:00-05:00\"")]
    [InlineData("\"2024-05-01T10:00:00\"")]
    [InlineData("\"\\\"2024-05-01T10:00:00Z\\\"\"")]
    [InlineData("\"\\\"2024-05-01T12:00:00+02:00\\\"\"")]
    [InlineData("\"Wed, 01 May 2024 10:00:00 GMT\"")]
    public void Times_WithOrWithoutOffset_AreReadAsUtc(string json)
    {
        var time = WrappedValue.AsTime(Element(json));

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), time);
        Assert.Equal(TimeSpan.Zero, time!.Value.Offset);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void NonTimes_AreNull(string json) => Assert.Null(WrappedValue.AsTime(Element(json)));

    [Fact]
    public void Property_IsFoundIgnoringCase()
    {
        var parent = Element("""{"Data":{"message":"m"},"Metadata":{"DequeueCount":"2"}}""");

        Assert.Equal("m", WrappedValue.Property(WrappedValue.Property(parent, "data")!.Value, "Message")!.Value.GetString());
        Assert.Equal("2", WrappedValue.Property(WrappedValue.Property(parent, "metadata")!.Value, "dequeuecount")!.Value.GetString());
    }

    [Fact]
    public void Property_IsNullWhenMissingOrTheParentIsNoObject()
    {
        Assert.Null(WrappedValue.Property(Element("""{"a":1}"""), "b"));
        Assert.Null(WrappedValue.Property(Element("[1]"), "a"));
        Assert.Null(WrappedValue.Property(Element("\"a\""), "a"));
        Assert.Null(WrappedValue.Property(default, "a"));
    }
}
