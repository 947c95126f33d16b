using System.Buffers;
using System.Text.Json;

namespace Notifier.Emulator.DataPlane;

/// <summary>The answer of both services' <c>:generateToken</c>: <c>{ "token": "…" }</c>, written without reflection.</summary>
internal static class TokenResponse
{
    public static IResult Create(string token)
    {
        var body = new ArrayBufferWriter<byte>(token.Length + 16);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("token"u8, token);
            writer.WriteEndObject();
        }

        return Results.Bytes(body.WrittenMemory, "application/json; charset=utf-8");
    }
}
