using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// Writes JSON hub protocol records, each a JSON object followed by <see cref="HubRecords.Separator"/>. Records meant
/// for many connections are written once and the same bytes are sent to each.
/// </summary>
public static class HubMessageWriter
{
    // Records go to SignalR clients, never into HTML, so only what JSON itself requires is escaped: error texts stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText ArgumentsName = JsonEncodedText.Encode("arguments");
    private static readonly JsonEncodedText InvocationIdName = JsonEncodedText.Encode("invocationId");
    private static readonly JsonEncodedText ResultName = JsonEncodedText.Encode("result");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText AllowReconnectName = JsonEncodedText.Encode("allowReconnect");

    /// <summary>A ping record, <c>{"type":6}</c>.</summary>
    public static ReadOnlySpan<byte> Ping => "{\"type\":6}\u001e"u8;

    /// <summary>The successful handshake answer, <c>{}</c>.</summary>
    public static ReadOnlySpan<byte> HandshakeAccepted => "{}\u001e"u8;

    /// <summary>The failed handshake answer, <c>{"error":"…"}</c>.</summary>
    public static byte[] HandshakeRefused(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteString(ErrorName, error);
            json.WriteEndObject();
        });
    }

    /// <summary>
    /// A fire-and-forget invocation, <c>{"type":1,"target":…,"arguments":[…]}</c>: what the service pushes for a REST
    /// send, and what <c>connection.on(target, …)</c> receives.
    /// </summary>
    /// <param name="target">The client method.</param>
    /// <param name="arguments">A JSON array, or default for no arguments.</param>
    public static byte[] Invocation(string target, JsonElement arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (arguments.ValueKind is not (JsonValueKind.Array or JsonValueKind.Undefined))
        {
            throw new ArgumentException("The arguments must be a JSON array.", nameof(arguments));
        }

        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteNumber(TypeName, (int)HubMessageType.Invocation);
            json.WriteString(TargetName, target);
            json.WritePropertyName(ArgumentsName);
            if (arguments.ValueKind == JsonValueKind.Undefined)
            {
                json.WriteStartArray();
                json.WriteEndArray();
            }
            else
            {
                arguments.WriteTo(json);
            }

            json.WriteEndObject();
        });
    }

    /// <summary>A completion with a result, <c>{"type":3,"invocationId":…,"result":…}</c>.</summary>
    /// <param name="invocationId">The id of the invocation it completes.</param>
    /// <param name="result">The result as JSON.</param>
    public static byte[] CompletionWithResult(string invocationId, JsonElement result)
    {
        ArgumentNullException.ThrowIfNull(invocationId);
        return Write(json =>
        {
            StartCompletion(json, invocationId);
            json.WritePropertyName(ResultName);
            result.WriteTo(json);
            json.WriteEndObject();
        });
    }

    /// <summary>A completion with an error, <c>{"type":3,"invocationId":…,"error":…}</c>.</summary>
    public static byte[] CompletionWithError(string invocationId, string error)
    {
        ArgumentNullException.ThrowIfNull(invocationId);
        ArgumentNullException.ThrowIfNull(error);
        return Write(json =>
        {
            StartCompletion(json, invocationId);
            json.WriteString(ErrorName, error);
            json.WriteEndObject();
        });
    }

    /// <summary>A completion without a result, <c>{"type":3,"invocationId":…}</c>.</summary>
    public static byte[] VoidCompletion(string invocationId)
    {
        ArgumentNullException.ThrowIfNull(invocationId);
        return Write(json =>
        {
            StartCompletion(json, invocationId);
            json.WriteEndObject();
        });
    }

    /// <summary>A close, <c>{"type":7,"error":…,"allowReconnect":…}</c>; the error is left out when null.</summary>
    public static byte[] Close(string? error, bool allowReconnect) =>
        Write(json =>
        {
            json.WriteStartObject();
            json.WriteNumber(TypeName, (int)HubMessageType.Close);
            if (error is not null)
            {
                json.WriteString(ErrorName, error);
            }

            json.WriteBoolean(AllowReconnectName, allowReconnect);
            json.WriteEndObject();
        });

    private static void StartCompletion(Utf8JsonWriter json, string invocationId)
    {
        json.WriteStartObject();
        json.WriteNumber(TypeName, (int)HubMessageType.Completion);
        json.WriteString(InvocationIdName, invocationId);
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }

        buffer.GetSpan(1)[0] = HubRecords.Separator;
        buffer.Advance(1);
        return buffer.WrittenSpan.ToArray();
    }
}
