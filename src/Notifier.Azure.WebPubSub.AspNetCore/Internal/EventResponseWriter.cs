using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Notifier.Azure.WebPubSub.CloudEvents;

namespace Notifier.Azure.WebPubSub.AspNetCore.Internal;

/// <summary>Writes handler responses and rejections in the shapes the service expects (spec §4.5, §4.8, §4.9).</summary>
internal static class EventResponseWriter
{
    public const string PlainTextContentType = "text/plain; charset=utf-8";
    public const string ConnectContentType = "application/json";
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string BinaryContentType = "application/octet-stream";

    public static Task WritePlainTextAsync(HttpResponse response, int statusCode, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WriteBodyAsync(response, statusCode, PlainTextContentType, Encoding.UTF8.GetBytes(message), cancellationToken);
    }

    public static Task WriteErrorAsync(HttpResponse response, EventErrorResponse error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var (status, defaultMessage) = error.Code switch
        {
            EventErrorCode.UserError => (StatusCodes.Status400BadRequest, "Bad request."),
            EventErrorCode.Unauthorized => (StatusCodes.Status401Unauthorized, "Unauthorized."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error."),
        };
        return WritePlainTextAsync(response, status, error.ErrorMessage ?? defaultMessage, cancellationToken);
    }

    public static Task WriteConnectAsync(
        HttpResponse response,
        ConnectEventResponse connect,
        IReadOnlyDictionary<string, BinaryData> currentStates,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(connect);
        WriteStateHeader(response, connect.StateChanges, currentStates);
        var hasSubprotocol = !string.IsNullOrEmpty(connect.Subprotocol);
        if (connect.UserId is null && connect.Groups is null && connect.Roles is null && !hasSubprotocol)
        {
            // Nothing to override: the service accepts the connection with the token's defaults.
            response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
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

        return WriteBodyAsync(response, StatusCodes.Status200OK, ConnectContentType, buffer.WrittenMemory, cancellationToken);
    }

    public static Task WriteUserEventAsync(
        HttpResponse response,
        UserEventResponse userEvent,
        IReadOnlyDictionary<string, BinaryData> currentStates,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(userEvent);
        var contentType = userEvent.DataType switch
        {
            WebPubSubDataType.Text => PlainTextContentType,
            WebPubSubDataType.Json => JsonContentType,
            WebPubSubDataType.Binary => BinaryContentType,
            _ => throw new InvalidOperationException($"Unknown {nameof(WebPubSubDataType)} value {(int)userEvent.DataType}."),
        };
        WriteStateHeader(response, userEvent.StateChanges, currentStates);
        if (userEvent.Data is null)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        return WriteBodyAsync(response, StatusCodes.Status200OK, contentType, userEvent.Data.ToMemory(), cancellationToken);
    }

    /// <summary>Writes <c>ce-connectionState</c> only when the edits changed the state (spec §4.9: absent = unchanged).</summary>
    private static void WriteStateHeader(HttpResponse response, ConnectionStateChanges changes, IReadOnlyDictionary<string, BinaryData> currentStates)
    {
        if (changes.HasChanges && changes.ApplyTo(currentStates) is { } updated)
        {
            // An emptied state is sent as "{}" rather than an empty header, which not every proxy passes on.
            response.Headers[CloudEventHeaders.ConnectionState] = ConnectionStateCodec.Encode(updated);
        }
    }

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

    private static async Task WriteBodyAsync(HttpResponse response, int statusCode, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
