using System.Buffers;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.QueueTriggers;

/// <summary>
/// The W3C trace context a queue message carries. Service Bus: the application property <c>traceparent</c> (or
/// <c>Diagnostic-Id</c>, which the Azure SDKs' senders set), which the host passes in <c>Metadata.ApplicationProperties</c>
/// (<c>UserProperties</c> in older extensions). Storage queue messages have no properties, so the publisher puts a
/// <c>traceparent</c> field in the message: on the object, or on an item of a batch (the first one found is the
/// message's). The field is taken out before the body is validated as a notification.
/// </summary>
internal static class MessageTraceContext
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ActivityContext? FromApplicationProperties(JsonElement metadata)
    {
        foreach (var key in (ReadOnlySpan<string>)["ApplicationProperties", "UserProperties"])
        {
            if (WrappedValue.Property(metadata, key) is { ValueKind: JsonValueKind.Object } properties)
            {
                foreach (var name in (ReadOnlySpan<string>)[TraceParent.Name, TraceParent.DiagnosticIdName])
                {
                    if (WrappedValue.Property(properties, name) is { } value && TraceParent.Parse(WrappedValue.AsString(value)) is { } context)
                    {
                        return context;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The message without its <c>traceparent</c> fields, and the context of the first valid one.</summary>
    public static (ReadOnlyMemory<byte> Message, ActivityContext? Context) FromBody(ReadOnlyMemory<byte> message)
    {
        if (message.Span.IndexOf("\"traceparent\""u8) < 0)
        {
            return (message, null);
        }

        try
        {
            using var document = JsonDocument.Parse(message);
            ActivityContext? context = null;
            var output = new ArrayBufferWriter<byte>(message.Length);
            using (var writer = new Utf8JsonWriter(output, WriterOptions))
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    writer.WriteStartArray();
                    foreach (var item in root.EnumerateArray())
                    {
                        WriteWithout(item, writer, ref context);
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    WriteWithout(root, writer, ref context);
                }
            }

            return (output.WrittenMemory, context);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON, or text the writer refuses: the validation that follows names the problem.
            return (message, null);
        }
    }

    private static void WriteWithout(JsonElement element, Utf8JsonWriter writer, ref ActivityContext? context)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            element.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(TraceParent.Name))
            {
                context ??= property.Value.ValueKind == JsonValueKind.String ? TraceParent.Parse(property.Value.GetString()) : null;
                continue;
            }

            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
