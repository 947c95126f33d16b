using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Core.Identifiers;
using Notifier.Core.Text;

namespace Notifier.Core.Notifications;

/// <summary>
/// Validates publish bodies: one notification object or an array of them. Every error names its field; a body with any
/// error yields no request at all, so nothing of it is stored or sent.
/// </summary>
public sealed class NotificationRequestParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    // Relaxed escaping keeps non-ASCII text as UTF-8 instead of \uXXXX, so sizes reflect the text, and the output is
    // only ever parsed as JSON, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> KnownFields =
        ["id", "to", "type", "title", "body", "url", "data", "ttlSeconds", "receipt", "sender", "critical"];

    private readonly NotificationLimits _limits;

    /// <summary>Creates a parser with the given limits.</summary>
    /// <param name="limits">The limits.</param>
    public NotificationRequestParser(NotificationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>Parses a body that may be one notification or an array of them.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The requests or the errors.</returns>
    public ParsedRequests Parse(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Failed(false, new ValidationError("body", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (JsonStrings.FindMalformed(utf8Json.Span, DocumentOptions.MaxDepth) is { } malformed)
            {
                return Failed(root.ValueKind == JsonValueKind.Array, new ValidationError(malformed, JsonStrings.MalformedMessage));
            }

            if (root.ValueKind == JsonValueKind.Array)
            {
                var count = root.GetArrayLength();
                if (count == 0)
                {
                    return Failed(true, new ValidationError("body", "is an empty array; send at least one notification."));
                }

                if (count > _limits.MaxBatchSize)
                {
                    return Failed(true, new ValidationError("body", $"has {count} notifications; a batch holds at most {_limits.MaxBatchSize}.", TooLarge: true));
                }

                var errors = new List<ValidationError>();
                var requests = new List<NotificationRequest>(count);
                var ids = new HashSet<string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var item in root.EnumerateArray())
                {
                    var prefix = $"[{index}].";
                    var before = errors.Count;
                    var request = ParseOne(item, prefix, errors);
                    if (request?.Id is { } id && !ids.Add(id))
                    {
                        errors.Add(new ValidationError(prefix + "id", $"repeats the id '{id}' of an earlier notification in the batch."));
                    }

                    for (var e = before; e < errors.Count; e++)
                    {
                        errors[e] = errors[e] with { Item = index };
                    }

                    if (request is not null)
                    {
                        requests.Add(request);
                    }

                    index++;
                }

                if (errors.Count > 0)
                {
                    return new ParsedRequests([], true, errors, count);
                }

                var recipients = requests.Sum(r => r.To.Count);
                if (recipients > _limits.MaxRecipientsPerRequest)
                {
                    return Failed(true, new ValidationError("body", $"names {recipients} recipients over its notifications; one request may name at most {_limits.MaxRecipientsPerRequest}, so that it finishes well inside the function timeout. Split the batch.", TooLarge: true));
                }

                return new ParsedRequests(requests, true, []);
            }

            var single = new List<ValidationError>();
            var one = ParseOne(root, string.Empty, single);
            return one is null || single.Count > 0 ? new ParsedRequests([], false, single) : new ParsedRequests([one], false, []);
        }
    }

    private static ParsedRequests Failed(bool isBatch, ValidationError error) => new([], isBatch, [error]);

    private NotificationRequest? ParseOne(JsonElement element, string prefix, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "must be a JSON object."));
            return null;
        }

        var before = errors.Count;
        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(new ValidationError(prefix + property.Name, "is not a field of a notification."));
            }
        }

        var id = OptionalIdentifier(element, "id", prefix, errors);
        var sender = OptionalIdentifier(element, "sender", prefix, errors);
        var recipients = ParseRecipients(element, prefix, errors);
        var type = OptionalIdentifier(element, "type", prefix, errors) ?? "notification";
        var title = OptionalString(element, "title", prefix, 1024, errors);
        var body = OptionalString(element, "body", prefix, int.MaxValue, errors);
        var url = OptionalString(element, "url", prefix, 2048, errors);
        if (url is not null && !IsAcceptableUrl(url))
        {
            errors.Add(new ValidationError(prefix + "url", "must be an absolute http(s) URL or a path starting with '/'."));
        }

        JsonElement? data = null;
        if (element.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null)
        {
            if (dataElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError(prefix + "data", "must be a JSON object."));
            }
            else
            {
                data = dataElement;
            }
        }

        int? ttl = null;
        if (element.TryGetProperty("ttlSeconds", out var ttlElement) && ttlElement.ValueKind != JsonValueKind.Null)
        {
            var max = (long)_limits.MaxTtl.TotalSeconds;
            if (ttlElement.ValueKind != JsonValueKind.Number || !ttlElement.TryGetInt64(out var seconds))
            {
                errors.Add(new ValidationError(prefix + "ttlSeconds", "must be a whole number of seconds."));
            }
            else if (seconds < 1 || seconds > max)
            {
                errors.Add(new ValidationError(prefix + "ttlSeconds", $"must be between 1 and {max}."));
            }
            else
            {
                ttl = (int)seconds;
            }
        }

        var receipt = false;
        if (element.TryGetProperty("receipt", out var receiptElement) && receiptElement.ValueKind != JsonValueKind.Null)
        {
            if (receiptElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                receipt = receiptElement.GetBoolean();
            }
            else
            {
                errors.Add(new ValidationError(prefix + "receipt", "must be true or false."));
            }
        }

        var critical = false;
        if (element.TryGetProperty("critical", out var criticalElement) && criticalElement.ValueKind != JsonValueKind.Null)
        {
            if (criticalElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                critical = criticalElement.GetBoolean();
            }
            else
            {
                errors.Add(new ValidationError(prefix + "critical", "must be true or false."));
            }
        }

        if (receipt && sender is null && errors.Count == before)
        {
            errors.Add(new ValidationError(prefix + "receipt", "needs a 'sender' to send the receipt to."));
        }

        if (string.IsNullOrEmpty(title) && string.IsNullOrEmpty(body) && data is null && errors.Count == before)
        {
            errors.Add(new ValidationError(prefix + "title", "is required when there is no body or data."));
        }

        if (errors.Count > before || recipients is null)
        {
            return null;
        }

        var content = WriteContent(type, title, body, url, data);
        if (content.Length > _limits.MaxContentBytes)
        {
            var largest = LargestField(title, body, data);
            errors.Add(new ValidationError(prefix + largest, $"makes the notification {content.Length} bytes; the limit is {_limits.MaxContentBytes} bytes of type, title, body, url and data.", TooLarge: true));
            return null;
        }

        return new NotificationRequest
        {
            Id = id,
            To = recipients,
            Type = type,
            Content = content,
            TtlSeconds = ttl,
            Receipt = receipt,
            Sender = sender,
            Critical = critical,
            Fingerprint = Fingerprint(recipients, content, ttl, receipt, sender, critical),
        };
    }

    private Recipients? ParseRecipients(JsonElement element, string prefix, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("to", out var to) || to.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ValidationError(prefix + "to", "is required: name users, groups or all."));
            return null;
        }

        if (to.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(prefix + "to", "must be an object with users, groups or all."));
            return null;
        }

        var before = errors.Count;
        foreach (var property in to.EnumerateObject())
        {
            if (property.Name is not ("users" or "groups" or "all"))
            {
                errors.Add(new ValidationError($"{prefix}to.{property.Name}", "is not a kind of recipient; use users, groups or all."));
            }
        }

        var users = IdentifierList(to, "users", prefix + "to.", errors);
        var groups = IdentifierList(to, "groups", prefix + "to.", errors);
        var all = false;
        if (to.TryGetProperty("all", out var allElement) && allElement.ValueKind != JsonValueKind.Null)
        {
            if (allElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                all = allElement.GetBoolean();
            }
            else
            {
                errors.Add(new ValidationError(prefix + "to.all", "must be true or false."));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        if (!all && users.Count == 0 && groups.Count == 0)
        {
            errors.Add(new ValidationError(prefix + "to", "names no recipient: give users, groups or all: true."));
            return null;
        }

        if (users.Count + groups.Count > _limits.MaxRecipients)
        {
            errors.Add(new ValidationError(prefix + "to", $"names {users.Count + groups.Count} recipients; the limit is {_limits.MaxRecipients}."));
            return null;
        }

        if (all && (users.Count > 0 || groups.Count > 0))
        {
            errors.Add(new ValidationError(prefix + "to.all", "already includes every user; leave out users and groups."));
            return null;
        }

        return new Recipients(users, groups, all);
    }

    private static List<string> IdentifierList(JsonElement parent, string name, string prefix, List<ValidationError> errors)
    {
        var result = new List<string>();
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError(prefix + name, "must be an array of strings."));
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError($"{prefix}{name}[{index}]", "must be a string."));
            }
            else if (item.GetString() is not { } value || !Identifier.IsValid(value))
            {
                errors.Add(new ValidationError($"{prefix}{name}[{index}]", Identifier.Rule + "."));
            }
            else if (seen.Add(value))
            {
                result.Add(value);
            }

            index++;
        }

        return result;
    }

    private static string? OptionalIdentifier(JsonElement element, string name, string prefix, List<ValidationError> errors)
    {
        var value = OptionalString(element, name, prefix, int.MaxValue, errors);
        if (value is not null && !Identifier.IsValid(value))
        {
            errors.Add(new ValidationError(prefix + name, Identifier.Rule + "."));
            return null;
        }

        return value;
    }

    private static string? OptionalString(JsonElement element, string name, string prefix, int maxLength, List<ValidationError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError(prefix + name, "must be a string."));
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            errors.Add(new ValidationError(prefix + name, $"is longer than {maxLength} characters."));
            return null;
        }

        return text;
    }

    private static bool IsAcceptableUrl(string url)
    {
        // Browsers drop tabs and newlines and read '\' as '/', so "/\evil" and "/\t/evil" would leave the site.
        if (url.Any(char.IsControl))
        {
            return false;
        }

        if (url.StartsWith('/'))
        {
            return url.Length == 1 || (url[1] != '/' && url[1] != '\\');
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }

    private static string LargestField(string? title, string? body, JsonElement? data)
    {
        // The limit is in UTF-8 bytes, so compare bytes: 1,000 euro signs outweigh 2,000 ASCII letters.
        var dataBytes = data is { } d ? Encoding.UTF8.GetByteCount(d.GetRawText()) : 0;
        var bodyBytes = body is null ? 0 : Encoding.UTF8.GetByteCount(body);
        var titleBytes = title is null ? 0 : Encoding.UTF8.GetByteCount(title);
        return dataBytes >= bodyBytes && dataBytes >= titleBytes ? "data" : bodyBytes >= titleBytes ? "body" : "title";
    }

    private static byte[] WriteContent(string type, string? title, string? body, string? url, JsonElement? data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            WriteIfPresent(writer, "title", title);
            WriteIfPresent(writer, "body", body);
            WriteIfPresent(writer, "url", url);
            if (data is { } d)
            {
                writer.WritePropertyName("data");
                d.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string Fingerprint(Recipients to, byte[] content, int? ttl, bool receipt, string? sender, bool critical)
    {
        var buffer = new ArrayBufferWriter<byte>(content.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("users");
            foreach (var user in to.Users.Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(user);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("groups");
            foreach (var group in to.Groups.Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("all", to.All);
            if (ttl is { } t)
            {
                writer.WriteNumber("ttl", t);
            }

            writer.WriteBoolean("receipt", receipt);
            if (sender is not null)
            {
                writer.WriteString("sender", sender);
            }

            // Written only when set, so notifications accepted before the field existed keep their fingerprint.
            if (critical)
            {
                writer.WriteBoolean("critical", true);
            }

            writer.WritePropertyName("content");
            writer.WriteRawValue(content, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(SHA256.HashData(buffer.WrittenSpan));
    }
}
