using System.Text;
using System.Text.Json;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Envelopes;

public class EnvelopeWriterTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Start);
    private readonly EnvelopeWriter _writer;

    public EnvelopeWriterTests()
    {
        _writer = new EnvelopeWriter(new SortableIdGenerator(_time), _time);
    }

    private static JsonElement Parse(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Notification_HasTypeMessageIdTimestampAndPayload()
    {
        var envelope = Parse(_writer.Notification("{\"id\":\"n1\",\"type\":\"x\"}"u8.ToArray(), null));

        Assert.Equal(["type", "messageId", "timestamp", "payload"], envelope.EnumerateObject().Select(p => p.Name));
        Assert.Equal("notification", envelope.GetProperty("type").GetString());
        Assert.Equal(26, envelope.GetProperty("messageId").GetString()!.Length);
        Assert.Equal("2025-06-01T12:00:00.123Z", envelope.GetProperty("timestamp").GetString());
        Assert.Equal("n1", envelope.GetProperty("payload").GetProperty("id").GetString());
    }

    [Fact]
    public void Notification_HasNoSequenceUnlessGiven() =>
        Assert.False(Parse(_writer.Notification("{}"u8.ToArray(), null)).TryGetProperty("sequence", out _));

    [Theory]
    [InlineData(1L)]
    [InlineData(0L)]
    [InlineData(9_007_199_254_740_993L)]
    public void Notification_CarriesTheSequenceWhenGiven(long sequence)
    {
        var envelope = Parse(_writer.Notification("{}"u8.ToArray(), sequence));

        Assert.Equal(sequence, envelope.GetProperty("sequence").GetInt64());
        Assert.Equal(["type", "messageId", "timestamp", "sequence", "payload"], envelope.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Notification_CopiesThePayloadByteForByte()
    {
        // Unusual spacing, an escape and non-ASCII text would all change if the payload were re-serialised.
        const string Payload = "{ \"id\" : \"n1\",\n  \"title\":\"caf\\u00e9 ☕\" , \"data\":{\"z\":1,\"a\":2.50} }";
        var bytes = _writer.Notification(Encoding.UTF8.GetBytes(Payload), 7);

        Assert.Equal(Payload, Parse(bytes).GetProperty("payload").GetRawText());
        Assert.EndsWith("\"payload\":" + Payload + "}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_ComesFromTheTimeProvider()
    {
        _time.Advance(TimeSpan.FromMinutes(90) + TimeSpan.FromMilliseconds(7));

        var envelope = Parse(_writer.Notification("{}"u8.ToArray(), null));

        Assert.Equal("2025-06-01T13:30:00.130Z", envelope.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void MessageIds_AreUniquePerEnvelope()
    {
        var ids = Enumerable.Range(0, 100)
            .Select(_ => Parse(_writer.Notification("{}"u8.ToArray(), null)).GetProperty("messageId").GetString())
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Read_ListsTheIdsAndTheReadTime()
    {
        var readAt = new DateTimeOffset(2025, 6, 1, 14, 0, 0, TimeSpan.FromHours(2));
        var envelope = Parse(_writer.Read(["n1", "n2"], readAt));

        Assert.Equal("read", envelope.GetProperty("type").GetString());
        Assert.Equal(26, envelope.GetProperty("messageId").GetString()!.Length);
        Assert.Equal("2025-06-01T12:00:00.123Z", envelope.GetProperty("timestamp").GetString());
        Assert.False(envelope.TryGetProperty("sequence", out _));
        var payload = envelope.GetProperty("payload");
        Assert.Equal(["n1", "n2"], payload.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2025-06-01T12:00:00.000Z", payload.GetProperty("readAt").GetString());
    }

    [Fact]
    public void Receipt_NamesTheNotificationTheReaderAndTheTime()
    {
        var readAt = new DateTimeOffset(2025, 6, 1, 12, 5, 0, 250, TimeSpan.Zero);
        var envelope = Parse(_writer.Receipt("n1", "alice", readAt));

        Assert.Equal("receipt", envelope.GetProperty("type").GetString());
        Assert.Equal(26, envelope.GetProperty("messageId").GetString()!.Length);
        Assert.Equal("2025-06-01T12:00:00.123Z", envelope.GetProperty("timestamp").GetString());
        Assert.False(envelope.TryGetProperty("sequence", out _));
        var payload = envelope.GetProperty("payload");
        Assert.Equal("n1", payload.GetProperty("id").GetString());
        Assert.Equal("alice", payload.GetProperty("userId").GetString());
        Assert.Equal("2025-06-01T12:05:00.250Z", payload.GetProperty("readAt").GetString());
    }

    [Theory]
    [InlineData(0L, "2025-06-01T12:00:00.000Z")]
    [InlineData(999L, "2025-06-01T12:00:00.999Z")]
    public void Format_IsIsoUtcWithExactlyThreeFractionDigits(long milliseconds, string expected) =>
        Assert.Equal(expected, EnvelopeWriter.Format(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddMilliseconds(milliseconds).AddTicks(9_999)));
}
