using System.Buffers;
using System.Text;
using System.Text.Json;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Tests.Protocol;

public class HubProtocolTests
{
    [Fact]
    public void Records_AreFoundBySeparator_AcrossSegments_SeveralAtOnce_AndAPartialOneIsKept()
    {
        var first = new Segment(Encoding.UTF8.GetBytes("{\"type\":6}\u001e{\"ty"));
        var last = first.Append(Encoding.UTF8.GetBytes("pe\":7}\u001e{\"partial"));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.True(HubRecords.TryRead(ref buffer, out var one));
        Assert.True(HubRecords.TryRead(ref buffer, out var two));
        Assert.False(HubRecords.TryRead(ref buffer, out _));

        Assert.Equal("{\"type\":6}", Encoding.UTF8.GetString(one.ToArray()));
        Assert.Equal("{\"type\":7}", Encoding.UTF8.GetString(two.ToArray()));
        Assert.Equal("{\"partial", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Parse_ReadsInvocations_Closes_AndTheUpstreamsCapitalisedBodies()
    {
        Assert.True(HubMessage.TryParse(Bytes("{\"type\":1,\"invocationId\":\"7\",\"target\":\"echo\",\"arguments\":[{\"a\":1}],\"extra\":true}"), false, out var invocation, out _));
        Assert.Equal(HubMessageType.Invocation, invocation.Type);
        Assert.Equal("7", invocation.InvocationId);
        Assert.Equal("echo", invocation.Target);
        Assert.False(invocation.HasStreamIds);

        Assert.True(HubMessage.TryParse(Bytes("{\"type\":1,\"target\":\"up\",\"arguments\":[],\"streamIds\":[\"1\"]}"), false, out var streaming, out _));
        Assert.True(streaming.HasStreamIds);
        Assert.Null(streaming.InvocationId);

        Assert.True(HubMessage.TryParse(Bytes("{\"Type\":11,\"Error\":\"gone\"}"), ignoreCase: true, out var disconnected, out _));
        Assert.Equal(HubMessageType.CloseConnection, disconnected.Type);
        Assert.Equal("gone", disconnected.Error);
        Assert.False(HubMessage.TryParse(Bytes("{\"Type\":11}"), ignoreCase: false, out _, out _));
    }

    [Theory]
    [InlineData("[1]", "object")]
    [InlineData("{\"target\":\"x\"}", "type")]
    [InlineData("{\"type\":1,\"arguments\":[]}", "target")]
    [InlineData("{\"type\":1,\"target\":\"x\"}", "arguments")]
    [InlineData("{\"type\":\"1\"}", "type")]
    [InlineData("{\"type\":1,\"target\":3,\"arguments\":[]}", "target")]
    [InlineData("{\"type\":6}{}", "JSON")]
    [InlineData("{\"type\":6", "JSON")]
    public void Parse_RefusesMalformedMessages_SayingWhy(string json, string named)
    {
        Assert.False(HubMessage.TryParse(Bytes(json), false, out _, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Handshake_IsParsed_AndBadOnesRefused()
    {
        Assert.True(HandshakeRequest.TryParse("{\"protocol\":\"json\",\"version\":1}"u8, out var handshake, out _));
        Assert.Equal("json", handshake.Protocol);
        Assert.Equal(1, handshake.Version);
        Assert.False(HandshakeRequest.TryParse("{\"protocol\":\"json\"}"u8, out _, out _));
        Assert.False(HandshakeRequest.TryParse("nope"u8, out _, out _));
    }

    [Fact]
    public void Writer_FramesEachRecord_AsTheHubProtocolSpells_It()
    {
        using var arguments = JsonDocument.Parse("[{\"text\":\"hi\"},2]");
        using var result = JsonDocument.Parse("{\"ok\":true}");

        Assert.Equal("{\"type\":1,\"target\":\"notify\",\"arguments\":[{\"text\":\"hi\"},2]}\u001e", Text(HubMessageWriter.Invocation("notify", arguments.RootElement)));
        Assert.Equal("{\"type\":1,\"target\":\"notify\",\"arguments\":[]}\u001e", Text(HubMessageWriter.Invocation("notify", default)));
        Assert.Equal("{\"type\":3,\"invocationId\":\"1\",\"result\":{\"ok\":true}}\u001e", Text(HubMessageWriter.CompletionWithResult("1", result.RootElement)));
        Assert.Equal("{\"type\":3,\"invocationId\":\"1\",\"error\":\"it's broken\"}\u001e", Text(HubMessageWriter.CompletionWithError("1", "it's broken")));
        Assert.Equal("{\"type\":3,\"invocationId\":\"1\"}\u001e", Text(HubMessageWriter.VoidCompletion("1")));
        Assert.Equal("{\"type\":7,\"error\":\"bye\",\"allowReconnect\":true}\u001e", Text(HubMessageWriter.Close("bye", true)));
        Assert.Equal("{\"type\":7,\"allowReconnect\":false}\u001e", Text(HubMessageWriter.Close(null, false)));
        Assert.Equal("{\"type\":6}\u001e", Text(HubMessageWriter.Ping.ToArray()));
        Assert.Equal("{}\u001e", Text(HubMessageWriter.HandshakeAccepted.ToArray()));
        Assert.Equal("{\"error\":\"no\"}\u001e", Text(HubMessageWriter.HandshakeRefused("no")));
    }

    [Fact]
    public void NegotiateResponse_IsTheServerlessRedirect()
    {
        var response = new ServerlessNegotiateResponse(new Uri("http://localhost:8888/client/?hub=notifications"), "tok", DateTimeOffset.UnixEpoch);

        Assert.Equal("{\"url\":\"http://localhost:8888/client/?hub=notifications\",\"accessToken\":\"tok\"}", Encoding.UTF8.GetString(response.ToJson()));
    }

    private static ReadOnlySequence<byte> Bytes(string json) => new(Encoding.UTF8.GetBytes(json));

    private static string Text(byte[] record) => Encoding.UTF8.GetString(record);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes)
        {
            Memory = bytes;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
