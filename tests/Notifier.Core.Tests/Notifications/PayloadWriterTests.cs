using System.Text;
using System.Text.Json;
using Notifier.Core.Notifications;

namespace Notifier.Core.Tests.Notifications;

public class PayloadWriterTests
{
    private static readonly DateTimeOffset CreatedAt = new(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    private static string Write(string id, DateTimeOffset createdAt, string? sender, string content) =>
        Encoding.UTF8.GetString(PayloadWriter.Write(id, createdAt, sender, Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Payload_IsIdCreatedAtSender_ThenTheContentFields()
    {
        var payload = Write("n1", CreatedAt, "boss", "{\"type\":\"order.shipped\",\"title\":\"T\",\"data\":{\"k\":[1,2]}}");

        Assert.Equal(
            "{\"id\":\"n1\",\"createdAt\":\"2025-03-04T05:06:07.891Z\",\"sender\":\"boss\",\"type\":\"order.shipped\",\"title\":\"T\",\"data\":{\"k\":[1,2]}}",
            payload);
        using var document = JsonDocument.Parse(payload);
        Assert.Equal(["id", "createdAt", "sender", "type", "title", "data"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Payload_LeavesOutSenderWhenThereIsNone()
    {
        var payload = Write("n1", CreatedAt, null, "{\"type\":\"x\",\"body\":\"b\"}");

        Assert.Equal("{\"id\":\"n1\",\"createdAt\":\"2025-03-04T05:06:07.891Z\",\"type\":\"x\",\"body\":\"b\"}", payload);
    }

    [Fact]
    public void MinimalContent_Works()
    {
        var payload = Write("n1", CreatedAt, null, "{\"type\":\"x\"}");

        using var document = JsonDocument.Parse(payload);
        Assert.Equal("x", document.RootElement.GetProperty("type").GetString());
        Assert.Equal("n1", document.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void EmptyObjectContent_GivesAValidPayload()
    {
        var payload = Write("n1", CreatedAt, "s", "{}");

        Assert.Equal("{\"id\":\"n1\",\"createdAt\":\"2025-03-04T05:06:07.891Z\",\"sender\":\"s\"}", payload);
        using var document = JsonDocument.Parse(payload);
        Assert.Equal(3, document.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void CreatedAt_IsUtcWithMilliseconds_EvenForAnotherOffset()
    {
        var local = new DateTimeOffset(2025, 12, 31, 23, 30, 0, 5, TimeSpan.FromHours(-2));
        var payload = Write("n1", local, null, "{\"type\":\"x\"}");

        using var document = JsonDocument.Parse(payload);
        var createdAt = document.RootElement.GetProperty("createdAt").GetString();
        Assert.Equal("2026-01-01T01:30:00.005Z", createdAt);
    }

    [Fact]
    public void ContentBytes_AreCopiedUnchanged()
    {
        const string Content = "{\"type\":\"x\",\"title\":\"Café ☕ <b>&\"}";
        var payload = PayloadWriter.Write("n1", CreatedAt, null, Encoding.UTF8.GetBytes(Content));

        var tail = Encoding.UTF8.GetBytes(Content)[1..];
        Assert.True(payload.AsSpan().EndsWith(tail));
    }

    [Fact]
    public void IdAndSender_AreEscapedAsJsonStrings()
    {
        var payload = Write("n\"1", CreatedAt, "a\\b", "{\"type\":\"x\"}");

        using var document = JsonDocument.Parse(payload);
        Assert.Equal("n\"1", document.RootElement.GetProperty("id").GetString());
        Assert.Equal("a\\b", document.RootElement.GetProperty("sender").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void NonObjectContent_Throws(string content)
    {
        var exception = Assert.Throws<ArgumentException>(() => PayloadWriter.Write("n1", CreatedAt, null, Encoding.UTF8.GetBytes(content)));
        Assert.Equal("content", exception.ParamName);
    }
}
