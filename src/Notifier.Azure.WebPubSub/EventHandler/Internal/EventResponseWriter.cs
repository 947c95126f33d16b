using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>Builds and writes handler responses and rejections in the shapes the service expects (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events).</summary>
internal static class EventResponseWriter
{
    public const string PlainTextContentType = "text/plain; charset=utf-8";
    public const string ConnectContentType = "application/json";
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string BinaryContentType = "application/octet-stream";

    public static Task WritePlainTextAsync(HttpResponse response, int statusCode, string message, CancellationToken cancellationToken) =>
        WriteAsync(response, PlainText(statusCode, message), cancellationToken);

    public static EventAnswer PlainText(int statusCode, string message) =>
        new(statusCode, PlainTextContentType, Encoding.UTF8.GetBytes(message), null);

    public static EventAnswer Error(EventErrorResponse error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (status, defaultMessage) = error.Code switch
        {
            EventErrorCode.UserError => (StatusCodes.Status400BadRequest, "Bad request."),
            EventErrorCode.Unauthorized => (StatusCodes.Status401Unauthorized, "Unauthorized."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error."),
        };
        return PlainText(status, error.ErrorMessage ?? defaultMessage);
    }

    public static EventAnswer Connect(ConnectEventResponse connect, IReadOnlyDictionary<string, BinaryData> currentStates)
    {
        ArgumentNullException.ThrowIfNull(connect);
        var state = StateHeader(connect.StateChanges, currentStates);
        var hasSubprotocol = !string.IsNullOrEmpty(connect.Subprotocol);
        if (connect.UserId is null && connect.Groups is null && connect.Roles is null && !hasSubprotocol)
        {
            // Nothing to override: the service accepts the connection with the token's defaults.
            return state is null ? EventAnswer.NoContent : new EventAnswer(StatusCodes.Status204NoContent, null, ReadOnlyMemory<byte>.Empty, state);
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (connect.UserId is not null)
            {
                writer.WriteString("userId"u8, connect.UserId);
            }

            WriteStringArray(writer, "groups"u8, connect.Groups);
            WriteStringArray(writer, "roles"u8, connect.Roles);
            if (hasSubprotocol)
            {
                writer.WriteString("subprotocol"u8, connect.Subprotocol);
            }

            writer.WriteEndObject();
        }

        return new EventAnswer(StatusCodes.Status200OK, ConnectContentType, buffer.WrittenMemory, state);
    }

    public static EventAnswer UserEvent(UserEventResponse userEvent, IReadOnlyDictionary<string, BinaryData> currentStates)
    {
        ArgumentNullException.ThrowIfNull(userEvent);
        var contentType = userEvent.DataType switch
        {
            WebPubSubDataType.Text => PlainTextContentType,
            WebPubSubDataType.Json => JsonContentType,
            WebPubSubDataType.Binary => BinaryContentType,
            _ => throw new InvalidOperationException($"Unknown {nameof(WebPubSubDataType)} value {(int)userEvent.DataType}."),
        };
        var state = StateHeader(userEvent.StateChanges, currentStates);
        if (userEvent.Data is null)
        {
            return state is null ? EventAnswer.NoContent : new EventAnswer(StatusCodes.Status204NoContent, null, ReadOnlyMemory<byte>.Empty, state);
        }

        return new EventAnswer(StatusCodes.Status200OK, contentType, userEvent.Data.ToMemory(), state);
    }

    public static async Task WriteAsync(HttpResponse response, EventAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(answer);
        response.StatusCode = answer.StatusCode;
        if (answer.ConnectionState is { } state)
        {
            response.Headers[CloudEventHeaders.ConnectionState] = state;
        }

        if (answer.ContentType is null)
        {
            return;
        }

        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>ce-connectionState</c> to send, only when the edits changed the state (absent = unchanged; https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events).</summary>
    private static string? StateHeader(ConnectionStateChanges changes, IReadOnlyDictionary<string, BinaryData> currentStates) =>
        // An emptied state is sent as "{}" rather than an empty header, which not every proxy passes on.
        changes.HasChanges && changes.ApplyTo(currentStates) is { } updated ? ConnectionStateCodec.Encode(updated) : null;

    private static void WriteStringArray(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            // A null entry would reach the service as JSON null, which it cannot use as a group or role.
            if (value is not null)
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }
}
