using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Notifier.DevHost.QueueTriggers;

/// <summary>
/// Does what the Functions host's queue trigger does for a custom handler: receives messages, posts each as
/// <c>{ "Data": { binding: message }, "Metadata": { … } }</c> to <c>/{function}</c> with the host's double-encoded
/// strings, deletes the message on a 2xx (writing the handler's poison output, if any, to the poison queue), leaves it
/// for redelivery after the visibility timeout otherwise, and moves it to <c>{queue}-poison</c> after the last attempt.
/// </summary>
internal sealed partial class QueueTriggerPump
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly QueueClient _queue;
    private readonly QueueClient _poisonQueue;
    private readonly QueueClient? _outputQueue;
    private readonly HttpClient _handler;
    private readonly QueueTriggerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a pump.</summary>
    /// <param name="queue">The trigger's queue, a client from <see cref="HostQueueClients"/> (base64 messages).</param>
    /// <param name="createQueue">Makes clients for the poison and output queues by name.</param>
    /// <param name="handler">An HTTP client whose base address is the custom handler.</param>
    /// <param name="options">The trigger's settings.</param>
    /// <param name="logger">The logger.</param>
    public QueueTriggerPump(QueueClient queue, Func<string, QueueClient> createQueue, HttpClient handler, QueueTriggerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(createQueue);
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _poisonQueue = createQueue(queue.Name + "-poison");
        _outputQueue = options.PoisonOutput is { } output ? createQueue(output.Queue) : null;
        _handler = handler;
        _options = options;
        _logger = logger;
    }

    /// <summary>Polls until cancelled, backing off (up to the maximum interval) while the queue is empty.</summary>
    /// <param name="cancellationToken">Stops the pump.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EnsureQueuesAsync(cancellationToken).ConfigureAwait(false);
        var delay = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            int processed;
            try
            {
                processed = await PumpOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PollFailed(_logger, ex, _queue.Name);
                processed = 0;
            }

            if (processed > 0)
            {
                delay = TimeSpan.FromMilliseconds(100);
                continue;
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollingInterval.Ticks));
        }
    }

    /// <summary>Creates the trigger, poison and output queues if needed.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task EnsureQueuesAsync(CancellationToken cancellationToken)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_outputQueue is not null)
        {
            await _outputQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Receives one batch and invokes the handler for each message.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many messages were received.</returns>
    public async Task<int> PumpOnceAsync(CancellationToken cancellationToken)
    {
        var messages = (await _queue.ReceiveMessagesAsync(_options.BatchSize, _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false)).Value;
        await Parallel.ForEachAsync(messages, cancellationToken, async (message, ct) => await ProcessAsync(message, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return messages.Length;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        bool succeeded;
        JsonDocument? result = null;
        try
        {
            using var content = new ByteArrayContent(Invocation(message));
            content.Headers.ContentType = Json;
            using var request = new HttpRequestMessage(HttpMethod.Post, _options.FunctionName) { Content = content };
            request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
            using var response = await _handler.SendAsync(request, cancellationToken).ConfigureAwait(false);
            succeeded = response.IsSuccessStatusCode;
            if (succeeded)
            {
                result = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            }
            else
            {
                Log.InvocationFailed(_logger, _options.FunctionName, message.MessageId, message.DequeueCount, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.InvocationError(_logger, ex, _options.FunctionName, message.MessageId);
            succeeded = false;
        }

        using (result)
        {
            if (succeeded)
            {
                await WriteOutputsAsync(result!, cancellationToken).ConfigureAwait(false);
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                // The host's own poison handling: the original message, then delete. The body goes as it came, with
                // no round trip through text.
                await _poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                Log.MovedToPoison(_logger, message.MessageId, _poisonQueue.Name, message.DequeueCount);
            }
        }
    }

    private async Task WriteOutputsAsync(JsonDocument result, CancellationToken cancellationToken)
    {
        if (_options.PoisonOutput is not { } output || _outputQueue is null
            || !result.RootElement.TryGetProperty("Outputs", out var outputs)
            || !outputs.TryGetProperty(output.Binding, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [value];
        foreach (var item in items)
        {
            await _outputQueue.SendMessageAsync(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The request body the host sends for one message, with its strings serialised twice as the host does.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The JSON body.</returns>
    public byte[] Invocation(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // MessageText decodes the body on every call: once is enough.
        var text = message.MessageText;
        var buffer = new ArrayBufferWriter<byte>(text.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Data");
            writer.WriteString(_options.BindingName, JsonSerializer.Serialize(text, HostJsonContext.Default.String));
            writer.WriteEndObject();
            writer.WriteStartObject("Metadata");
            writer.WriteString("DequeueCount", message.DequeueCount.ToString(CultureInfo.InvariantCulture));
            WriteTime(writer, "ExpirationTime", message.ExpiresOn);
            writer.WriteString("Id", JsonSerializer.Serialize(message.MessageId, HostJsonContext.Default.String));
            WriteTime(writer, "InsertionTime", message.InsertedOn);
            WriteTime(writer, "NextVisibleTime", message.NextVisibleOn);
            writer.WriteString("PopReceipt", JsonSerializer.Serialize(message.PopReceipt, HostJsonContext.Default.String));
            writer.WriteStartObject("sys");
            writer.WriteString("MethodName", _options.FunctionName);
            writer.WriteString("UtcNow", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("RandGuid", Guid.NewGuid().ToString());
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The service always sends these times on a received message; the SDK's model makes them optional.
    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Function} failed for message {MessageId} (attempt {Attempt}) with {Status}; it will be retried.")]
        public static partial void InvocationFailed(ILogger logger, string function, string messageId, long attempt, int status);

        [LoggerMessage(2, LogLevel.Warning, "{Function} could not be invoked for message {MessageId}.")]
        public static partial void InvocationError(ILogger logger, Exception exception, string function, string messageId);

        [LoggerMessage(3, LogLevel.Warning, "Message {MessageId} moved to {PoisonQueue} after {Attempts} attempts.")]
        public static partial void MovedToPoison(ILogger logger, string messageId, string poisonQueue, long attempts);

        [LoggerMessage(4, LogLevel.Warning, "Polling {Queue} failed; retrying.")]
        public static partial void PollFailed(ILogger logger, Exception exception, string queue);
    }
}
