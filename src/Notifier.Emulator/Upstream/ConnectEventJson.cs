using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Upstream;

/// <summary>The <c>connect</c> event's request body and the handler's response body (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events).</summary>
internal static class ConnectEventJson
{
    private static readonly JsonDocumentOptions ResponseOptions = new() { MaxDepth = 16, AllowTrailingCommas = false };

    /// <summary><c>{claims, query, headers, subprotocols, clientCertificates: []}</c>; every dictionary value is an array of strings.</summary>
    public static byte[] WriteRequest(ConnectRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, OutboundMessage.WriterOptions))
        {
            writer.WriteStartObject();
            WriteMap(writer, "claims", request.Claims);
            WriteMap(writer, "query", request.Query);
            WriteMap(writer, "headers", request.Headers);
            writer.WriteStartArray("subprotocols");
            foreach (var subprotocol in request.Subprotocols)
            {
                writer.WriteStringValue(subprotocol);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("clientCertificates");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads <c>{userId, groups, roles, subprotocol}</c>, all optional, property names case-insensitive. An empty
    /// body or <c>null</c> accepts with the token's defaults. Returns false, with the reason, for anything else.
    /// </summary>
    public static bool TryReadResponse(byte[] body, int statusCode, string? state, bool stateSet, [NotNullWhen(true)] out ConnectResult? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = null;
        string? userId = null;
        string? subprotocol = null;
        List<string>? groups = null;
        List<string>? roles = null;
        if (body.AsSpan().Trim(" \t\r\n"u8).Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body, ResponseOptions);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in root.EnumerateObject())
                    {
                        var ok = true;
                        if (Is(property, "userId"))
                        {
                            ok = TryReadString(property.Value, out userId);
                        }
                        else if (Is(property, "subprotocol"))
                        {
                            ok = TryReadString(property.Value, out subprotocol);
                        }
                        else if (Is(property, "groups"))
                        {
                            ok = TryReadStrings(property.Value, out groups);
                        }
                        else if (Is(property, "roles"))
                        {
                            ok = TryReadStrings(property.Value, out roles);
                        }

                        if (!ok)
                        {
                            error = $"the connect response's '{property.Name}' must be {(property.Name.EndsWith('s') ? "an array of strings" : "a string")}";
                            return false;
                        }
                    }
                }
                else if (root.ValueKind != JsonValueKind.Null)
                {
                    error = $"the connect response body must be a JSON object, not {root.ValueKind}";
                    return false;
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                error = $"the connect response body is not valid JSON: {e.Message}";
                return false;
            }
        }

        result = new ConnectResult
        {
            StatusCode = statusCode,
            UserId = userId,
            Groups = groups,
            Roles = roles,
            Subprotocol = subprotocol is { Length: > 0 } ? subprotocol : null,
            StateSet = stateSet,
            State = state,
        };
        return true;
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string[]> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, values) in map)
        {
            writer.WriteStartArray(key);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static bool Is(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    private static bool TryReadString(JsonElement element, out string? value)
    {
        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return element.ValueKind is JsonValueKind.String or JsonValueKind.Null;
    }

    private static bool TryReadStrings(JsonElement element, out List<string>? values)
    {
        values = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        values = [];
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                values = null;
                return false;
            }

            values.Add(item.GetString()!);
        }

        return true;
    }
}
