using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure.Messaging.ServiceBus;

namespace Notifier.Publisher.Tests.Queues;

/// <summary>
/// The request the Functions host posts to a custom handler for one Service Bus message (functions-custom-handler
/// spec, 1.5 and 1.9): <c>{ "Data": { binding: body }, "Metadata": { … } }</c>, with the body and every string of
/// metadata serialised a second time (a JSON string holding JSON), and numbers as strings.
/// </summary>
public static class HostInvocation
{
    public static byte[] ForServiceBus(ServiceBusReceivedMessage message, string binding = "message")
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Data");
            writer.WriteString(binding, Twice(message.Body.ToString()));
            writer.WriteEndObject();
            writer.WriteStartObject("Metadata");
            writer.WriteString("DeliveryCount", message.DeliveryCount.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("MessageId", Twice(message.MessageId));
            writer.WriteString("SequenceNumber", message.SequenceNumber.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("EnqueuedTimeUtc", message.EnqueuedTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteString("EnqueuedTime", message.EnqueuedTime.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            if (message.ContentType is { } contentType)
            {
                writer.WriteString("ContentType", Twice(contentType));
            }

            if (message.Subject is { } subject)
            {
                writer.WriteString("Subject", Twice(subject));
                writer.WriteString("Label", Twice(subject));
            }

            foreach (var name in new[] { "ApplicationProperties", "UserProperties" })
            {
                writer.WriteStartObject(name);
                foreach (var (key, value) in message.ApplicationProperties)
                {
                    writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                }

                writer.WriteEndObject();
            }

            writer.WriteStartObject("sys");
            writer.WriteString("MethodName", "servicebus-notifications");
            writer.WriteString("UtcNow", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("RandGuid", Guid.NewGuid().ToString());
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What the broker hands the trigger for a message that was sent: the same body, id and properties, now with delivery facts.</summary>
    public static ServiceBusReceivedMessage Received(ServiceBusMessage sent, int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body,
            messageId: sent.MessageId,
            contentType: sent.ContentType,
            subject: sent.Subject,
            properties: sent.ApplicationProperties,
            deliveryCount: deliveryCount,
            sequenceNumber: 1,
            enqueuedTime: DateTimeOffset.UtcNow);

    // JsonConvert.SerializeObject(string) in the host: the value becomes a JSON string literal, which is then written as a string.
    private static string Twice(string value) => JsonSerializer.Serialize(value);
}
