using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// Reads the JSON bodies of the <c>connect</c> (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events) and <c>disconnected</c> events. Tolerant where the
/// service varies (single strings instead of arrays, numbers and booleans as claim values, absent or null members,
/// unknown members, property-name case), strict about shapes that cannot be read: those yield an error message and
/// the request is rejected with 400.
/// </summary>
internal static class EventBodyParser
{
    private const string NotJson = "The request body is not valid JSON.";

    // A legitimate body nests three levels; the bound stops pathological input early.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static bool TryParseConnect(
        ReadOnlyMemory<byte> body,
        WebPubSubConnectionContext context,
        [NotNullWhen(true)] out ConnectEventRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            error = ReadConnect(body, context, out request);
            return error is null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: JsonDocument leaves UTF-8 validation of strings to GetString(), which throws it.
            request = null;
            error = NotJson;
            return false;
        }
    }

    public static bool TryParseDisconnected(
        ReadOnlyMemory<byte> body,
        WebPubSubConnectionContext context,
        [NotNullWhen(true)] out DisconnectedEventRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            error = ReadDisconnected(body, context, out request);
            return error is null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            request = null;
            error = NotJson;
            return false;
        }
    }

    /// <summary>Returns an error message for a body of the wrong shape; throws for a body that is not JSON.</summary>
    private static string? ReadConnect(ReadOnlyMemory<byte> body, WebPubSubConnectionContext context, out ConnectEventRequest? request)
    {
        request = null;
        IReadOnlyDictionary<string, string[]> claims = ReadOnlyDictionary<string, string[]>.Empty;
        IReadOnlyDictionary<string, string[]> query = ReadOnlyDictionary<string, string[]>.Empty;
        IReadOnlyDictionary<string, string[]> headers = ReadOnlyDictionary<string, string[]>.Empty;
        IReadOnlyList<string> subprotocols = [];
        IReadOnlyList<ClientCertificateInfo> certificates = [];
        if (!IsBlank(body.Span))
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "The connect event body must be a JSON object.";
            }

            foreach (var property in root.EnumerateObject())
            {
                bool ok;
                if (Is(property, "claims"))
                {
                    ok = TryReadStringArrayMap(property.Value, StringComparer.Ordinal, out claims);
                }
                else if (Is(property, "query"))
                {
                    ok = TryReadStringArrayMap(property.Value, StringComparer.OrdinalIgnoreCase, out query);
                }
                else if (Is(property, "headers"))
                {
                    ok = TryReadStringArrayMap(property.Value, StringComparer.OrdinalIgnoreCase, out headers);
                }
                else if (Is(property, "subprotocols"))
                {
                    ok = TryReadStrings(property.Value, out var values);
                    subprotocols = values;
                }
                else if (Is(property, "clientCertificates"))
                {
                    ok = TryReadCertificates(property.Value, out certificates);
                }
                else
                {
                    continue;
                }

                if (!ok)
                {
                    return $"The connect event body's '{property.Name}' has an unsupported shape.";
                }
            }
        }

        request = new ConnectEventRequest(context, claims, query, headers, subprotocols, certificates);
        return null;
    }

    private static string? ReadDisconnected(ReadOnlyMemory<byte> body, WebPubSubConnectionContext context, out DisconnectedEventRequest? request)
    {
        request = null;
        string? reason = null;
        if (!IsBlank(body.Span))
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "The disconnected event body must be a JSON object.";
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Is(property, "reason"))
                {
                    continue;
                }

                if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return "The disconnected event body's 'reason' must be a string.";
                }

                reason = property.Value.GetString();
            }
        }

        request = new DisconnectedEventRequest(context, reason);
        return null;
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.Trim(" \t\r\n"u8).IsEmpty;

    private static bool Is(JsonProperty property, string name) =>
        string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    private static bool TryReadStringArrayMap(JsonElement element, StringComparer comparer, out IReadOnlyDictionary<string, string[]> map)
    {
        map = ReadOnlyDictionary<string, string[]>.Empty;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var result = new Dictionary<string, string[]>(comparer);
        foreach (var property in element.EnumerateObject())
        {
            if (!TryReadStrings(property.Value, out var values))
            {
                return false;
            }

            // Keys differing only in case (headers, query) are merged rather than overwritten.
            result[property.Name] = result.TryGetValue(property.Name, out var existing) ? [.. existing, .. values] : values;
        }

        map = result;
        return true;
    }

    /// <summary>An array of scalars, or a single scalar; numbers and booleans keep their JSON text.</summary>
    private static bool TryReadStrings(JsonElement element, out string[] values)
    {
        values = [];
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Array:
                var list = new List<string>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    if (!TryReadScalar(item, out var value))
                    {
                        return false;
                    }

                    list.Add(value);
                }

                values = [.. list];
                return true;
            default:
                if (!TryReadScalar(element, out var single))
                {
                    return false;
                }

                values = [single];
                return true;
        }
    }

    private static bool TryReadScalar(JsonElement element, [NotNullWhen(true)] out string? value)
    {
        value = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return value is not null;
    }

    private static bool TryReadCertificates(JsonElement element, out IReadOnlyList<ClientCertificateInfo> certificates)
    {
        certificates = [];
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var result = new List<ClientCertificateInfo>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            string? thumbprint = null;
            string? content = null;
            foreach (var property in item.EnumerateObject())
            {
                var kind = property.Value.ValueKind;
                if (Is(property, "thumbprint") && kind == JsonValueKind.String)
                {
                    thumbprint = property.Value.GetString();
                }
                else if (Is(property, "content") && kind == JsonValueKind.String)
                {
                    content = property.Value.GetString();
                }
                else if ((Is(property, "thumbprint") || Is(property, "content")) && kind != JsonValueKind.Null)
                {
                    return false;
                }
            }

            // A certificate without a thumbprint cannot be identified, so the body is rejected rather than guessed at.
            if (thumbprint is null)
            {
                return false;
            }

            result.Add(new ClientCertificateInfo(thumbprint, content));
        }

        certificates = result;
        return true;
    }
}
