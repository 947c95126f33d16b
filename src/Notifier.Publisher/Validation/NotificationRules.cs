using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Notifier.Publisher.Validation;

/// <summary>
/// The service's publish rules (docs/function-app.md, "Publish"), applied before anything is sent so that a mistake
/// fails at the call that made it. Fields are named as the service names them: <c>to.users[3]</c>, <c>[2].title</c>.
/// </summary>
internal static class NotificationRules
{
    // The service measures content as compact JSON with relaxed escaping (non-ASCII as UTF-8, not \uXXXX).
    private static readonly JsonWriterOptions ContentWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Throws <see cref="NotificationValidationException"/> unless <paramref name="notification"/> keeps every rule.</summary>
    public static void Check(Notification notification, PublishLimits limits)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var errors = new List<NotificationFieldError>();
        CheckOne(notification, string.Empty, limits, errors);
        if (errors.Count > 0)
        {
            throw new NotificationValidationException(errors);
        }
    }

    /// <summary>Throws unless the batch has 1 to 100 valid notifications, distinct ids and few enough recipients.</summary>
    public static void CheckBatch(IReadOnlyList<Notification> notifications, PublishLimits limits)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            throw new NotificationValidationException([new NotificationFieldError("body", "is an empty array; send at least one notification.")]);
        }

        if (notifications.Count > PublishLimits.MaxBatchSize)
        {
            throw new NotificationValidationException([new NotificationFieldError("body", $"has {notifications.Count} notifications; a batch holds at most {PublishLimits.MaxBatchSize}.")]);
        }

        var errors = new List<NotificationFieldError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var recipients = 0;
        for (var i = 0; i < notifications.Count; i++)
        {
            var prefix = $"[{i}].";
            if (notifications[i] is not { } notification)
            {
                errors.Add(new NotificationFieldError($"[{i}]", "must be a notification, not null."));
                continue;
            }

            CheckOne(notification, prefix, limits, errors);
            if (!ids.Add(notification.Id))
            {
                errors.Add(new NotificationFieldError(prefix + "id", $"repeats the id '{notification.Id}' of an earlier notification in the batch."));
            }

            recipients += RecipientCount(notification.To);
        }

        if (errors.Count == 0 && recipients > limits.MaxRecipientsPerRequest)
        {
            errors.Add(new NotificationFieldError("body", $"names {recipients} recipients over its notifications; one request may name at most {limits.MaxRecipientsPerRequest}. Split the batch."));
        }

        if (errors.Count > 0)
        {
            throw new NotificationValidationException(errors);
        }
    }

    /// <summary>Throws unless every notification keeps the rules and no two share an id (each to be sent on its own).</summary>
    public static void CheckEach(IReadOnlyList<Notification> notifications, PublishLimits limits)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var errors = new List<NotificationFieldError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < notifications.Count; i++)
        {
            if (notifications[i] is not { } notification)
            {
                errors.Add(new NotificationFieldError($"[{i}]", "must be a notification, not null."));
                continue;
            }

            CheckOne(notification, $"[{i}].", limits, errors);
            if (!ids.Add(notification.Id))
            {
                errors.Add(new NotificationFieldError($"[{i}].id", $"repeats the id '{notification.Id}' of an earlier notification."));
            }
        }

        if (errors.Count > 0)
        {
            throw new NotificationValidationException(errors);
        }
    }

    /// <summary>What a notification costs the service's rate limit: one per user, group or <c>all</c>.</summary>
    public static int RecipientCount(NotificationRecipients to) =>
        to.All && (to.Users?.Count ?? 0) + (to.Groups?.Count ?? 0) == 0
            ? 1
            : (to.Users?.Distinct(StringComparer.Ordinal).Count() ?? 0) + (to.Groups?.Distinct(StringComparer.Ordinal).Count() ?? 0);

    private static void CheckOne(Notification notification, string prefix, PublishLimits limits, List<NotificationFieldError> errors)
    {
        var before = errors.Count;
        Identifier(notification.Id, prefix + "id", errors, required: true);
        Identifier(notification.Sender, prefix + "sender", errors, required: false);
        Identifier(notification.Type, prefix + "type", errors, required: false);
        Recipients(notification.To, prefix, errors);
        Text(notification.Title, prefix + "title", PublishLimits.MaxTitleLength, errors);
        Text(notification.Body, prefix + "body", int.MaxValue, errors);
        if (Text(notification.Url, prefix + "url", PublishLimits.MaxUrlLength, errors) && notification.Url is { } url && !IsAcceptableUrl(url))
        {
            errors.Add(new NotificationFieldError(prefix + "url", "must be an absolute http(s) URL or a path starting with '/'."));
        }

        if (notification.Data is { } data)
        {
            DataText(data, prefix + "data", errors);
        }

        if (notification.TtlSeconds is { } ttl && (ttl < 1 || ttl > limits.MaxTtlSeconds))
        {
            errors.Add(new NotificationFieldError(prefix + "ttlSeconds", $"must be between 1 and {limits.MaxTtlSeconds}."));
        }

        if (notification.Receipt && notification.Sender is null && errors.Count == before)
        {
            errors.Add(new NotificationFieldError(prefix + "receipt", "needs a 'sender' to send the receipt to."));
        }

        if (string.IsNullOrEmpty(notification.Title) && string.IsNullOrEmpty(notification.Body) && notification.Data is null && errors.Count == before)
        {
            errors.Add(new NotificationFieldError(prefix + "title", "is required when there is no body or data."));
        }

        if (errors.Count == before)
        {
            var size = ContentBytes(notification);
            if (size > PublishLimits.MaxContentBytes)
            {
                errors.Add(new NotificationFieldError(prefix + LargestField(notification), $"makes the notification {size} bytes; the limit is {PublishLimits.MaxContentBytes} bytes of type, title, body, url and data."));
            }
        }
    }

    private static void Recipients(NotificationRecipients to, string prefix, List<NotificationFieldError> errors)
    {
        var before = errors.Count;
        var users = IdentifierList(to.Users, prefix + "to.users", errors);
        var groups = IdentifierList(to.Groups, prefix + "to.groups", errors);
        if (errors.Count > before)
        {
            return;
        }

        if (!to.All && users + groups == 0)
        {
            errors.Add(new NotificationFieldError(prefix + "to", "names no recipient: give users, groups or all: true."));
        }
        else if (users + groups > PublishLimits.MaxRecipients)
        {
            errors.Add(new NotificationFieldError(prefix + "to", $"names {users + groups} recipients; the limit is {PublishLimits.MaxRecipients}."));
        }
        else if (to.All && users + groups > 0)
        {
            errors.Add(new NotificationFieldError(prefix + "to.all", "already includes every user; leave out users and groups."));
        }
    }

    // The service ignores repeats within a list, so they count once.
    private static int IdentifierList(IList<string>? values, string field, List<NotificationFieldError> errors)
    {
        if (values is null)
        {
            return 0;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            if (!IdentifierRule.IsValid(values[i]))
            {
                errors.Add(new NotificationFieldError($"{field}[{i}]", IdentifierRule.Message));
            }
            else
            {
                seen.Add(values[i]);
            }
        }

        return seen.Count;
    }

    private static void Identifier(string? value, string field, List<NotificationFieldError> errors, bool required)
    {
        if (value is null && !required)
        {
            return;
        }

        if (!IdentifierRule.IsValid(value))
        {
            errors.Add(new NotificationFieldError(field, IdentifierRule.Message));
        }
    }

    private static bool Text(string? value, string field, int maxLength, List<NotificationFieldError> errors)
    {
        if (value is null)
        {
            return true;
        }

        if (!IsWellFormed(value))
        {
            errors.Add(new NotificationFieldError(field, "is not valid Unicode text (a lone surrogate)."));
            return false;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new NotificationFieldError(field, $"is longer than {maxLength} characters."));
            return false;
        }

        return true;
    }

    // The service refuses text that is not Unicode anywhere in data, property names included, naming the path.
    private static void DataText(JsonNode? node, string path, List<NotificationFieldError> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (!IsWellFormed(name))
                    {
                        errors.Add(new NotificationFieldError(path, "has a property name that is not valid Unicode text (a lone surrogate)."));
                        continue;
                    }

                    DataText(value, $"{path}.{name}", errors);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    DataText(array[i], $"{path}[{i}]", errors);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && !IsWellFormed(text):
                errors.Add(new NotificationFieldError(path, "is not valid Unicode text (a lone surrogate)."));
                break;
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
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

    private static int ContentBytes(Notification notification)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ContentWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", notification.Type ?? "notification");
            WriteIfPresent(writer, "title", notification.Title);
            WriteIfPresent(writer, "body", notification.Body);
            WriteIfPresent(writer, "url", notification.Url);
            if (notification.Data is { } data)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenCount;
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string LargestField(Notification notification)
    {
        // The limit is in UTF-8 bytes, so compare bytes, as the service does.
        var data = notification.Data is { } d ? Encoding.UTF8.GetByteCount(d.ToJsonString()) : 0;
        var body = notification.Body is { } b ? Encoding.UTF8.GetByteCount(b) : 0;
        var title = notification.Title is { } t ? Encoding.UTF8.GetByteCount(t) : 0;
        return data >= body && data >= title ? "data" : body >= title ? "body" : "title";
    }
}
