using System.Text;
using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Internal;

public sealed class ConnectionStateCodecTests
{
    [Fact]
    public void Encoding_follows_the_dotnet_sdk_convention()
    {
        var encoded = ConnectionStateCodec.Encode(new Dictionary<string, BinaryData> { ["a"] = BinaryData.FromBytes(new byte[] { 1, 2, 3 }) });

        Assert.Equal("""{"a":"AQID"}""", Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
    }

    [Fact]
    public void Round_trip_keeps_keys_and_bytes()
    {
        var states = new Dictionary<string, BinaryData>
        {
            ["counter"] = BinaryData.FromString("1"),
            ["Counter"] = BinaryData.FromString("2"),
            ["empty"] = BinaryData.Empty,
            ["ünïcode \"key\""] = BinaryData.FromBytes(new byte[] { 0, 255 }),
        };

        Assert.True(ConnectionStateCodec.TryDecode(ConnectionStateCodec.Encode(states), out var decoded));

        Assert.Equal(states.Keys.Order(), decoded.Keys.Order());
        foreach (var (key, value) in states)
        {
            Assert.Equal(value.ToArray(), decoded[key].ToArray());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Absent_state_is_empty(string? header)
    {
        Assert.True(ConnectionStateCodec.TryDecode(header, out var decoded));
        Assert.Empty(decoded);
    }

    [Fact]
    public void Oversized_header_is_rejected()
    {
        Assert.False(ConnectionStateCodec.TryDecode(new string('A', 128 * 1024), out _));
    }
}
