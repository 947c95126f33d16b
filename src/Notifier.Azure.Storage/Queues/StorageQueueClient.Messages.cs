using System.Globalization;
using System.Text;
using Azure;
using Azure.Core;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Queues;

/// <content>Message operations.</content>
public partial class StorageQueueClient
{
    /// <summary>The most messages one receive or peek returns.</summary>
    public const int MaxMessagesPerCall = 32;

    /// <summary>Sends a text message.</summary>
    /// <param name="messageText">The text; base64-encoded on the wire unless the client uses <see cref="StorageQueueMessageEncoding.None"/>.</param>
    /// <param name="visibilityTimeout">Delay before the message becomes visible; <see langword="null"/> for immediately.</param>
    /// <param name="timeToLive">
    /// How long the message lives; <see langword="null"/> for the service default (7 days) and
    /// <see cref="Timeout.InfiniteTimeSpan"/> for never expiring (<c>messagettl=-1</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The receipt with the message id and a pop receipt.</returns>
    public virtual async Task<Response<StorageQueueSendReceipt>> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        return await SendMessageAsync(EncodeText(messageText), visibilityTimeout, timeToLive, true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="SendMessageAsync(string, TimeSpan?, TimeSpan?, CancellationToken)"/>
    public virtual Response<StorageQueueSendReceipt> SendMessage(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        return SendMessageAsync(EncodeText(messageText), visibilityTimeout, timeToLive, false, cancellationToken).EnsureCompleted();
    }

    /// <summary>Sends a binary message (base64 on the wire; with <see cref="StorageQueueMessageEncoding.None"/> the bytes must be UTF-8 text).</summary>
    /// <param name="body">The content.</param>
    /// <param name="visibilityTimeout">Delay before the message becomes visible; <see langword="null"/> for immediately.</param>
    /// <param name="timeToLive">How long the message lives; <see cref="Timeout.InfiniteTimeSpan"/> for never.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The receipt with the message id and a pop receipt.</returns>
    public virtual async Task<Response<StorageQueueSendReceipt>> SendMessageAsync(BinaryData body, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return await SendMessageAsync(StorageQueueMessageBody.Encode(body.ToMemory().Span, _encoding), visibilityTimeout, timeToLive, true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="SendMessageAsync(BinaryData, TimeSpan?, TimeSpan?, CancellationToken)"/>
    public virtual Response<StorageQueueSendReceipt> SendMessage(BinaryData body, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return SendMessageAsync(StorageQueueMessageBody.Encode(body.ToMemory().Span, _encoding), visibilityTimeout, timeToLive, false, cancellationToken).EnsureCompleted();
    }

    /// <summary>Receives up to <paramref name="maxMessages"/> messages and hides them for <paramref name="visibilityTimeout"/>.</summary>
    /// <param name="maxMessages">1 to 32.</param>
    /// <param name="visibilityTimeout">How long the messages stay hidden; <see langword="null"/> for the service default (30 seconds).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages; empty when the queue has none visible.</returns>
    public virtual async Task<Response<IReadOnlyList<StorageQueueMessage>>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default) =>
        await ReceiveMessagesAsync(maxMessages, visibilityTimeout, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="ReceiveMessagesAsync(int, TimeSpan?, CancellationToken)"/>
    public virtual Response<IReadOnlyList<StorageQueueMessage>> ReceiveMessages(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default) =>
        ReceiveMessagesAsync(maxMessages, visibilityTimeout, false, cancellationToken).EnsureCompleted();

    /// <summary>Looks at up to <paramref name="maxMessages"/> visible messages without hiding them or counting a dequeue.</summary>
    /// <param name="maxMessages">1 to 32.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages; empty when the queue has none visible.</returns>
    public virtual async Task<Response<IReadOnlyList<StorageQueuePeekedMessage>>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default) =>
        await PeekMessagesAsync(maxMessages, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="PeekMessagesAsync(int, CancellationToken)"/>
    public virtual Response<IReadOnlyList<StorageQueuePeekedMessage>> PeekMessages(int maxMessages = 1, CancellationToken cancellationToken = default) =>
        PeekMessagesAsync(maxMessages, false, cancellationToken).EnsureCompleted();

    /// <summary>Deletes a received message.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="popReceipt">The pop receipt from the latest receive or update.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    /// <exception cref="RequestFailedException">404 <c>MessageNotFound</c> (or 400 for a stale pop receipt).</exception>
    public virtual async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default) =>
        await DeleteMessageAsync(messageId, popReceipt, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="DeleteMessageAsync(string, string, CancellationToken)"/>
    public virtual Response DeleteMessage(string messageId, string popReceipt, CancellationToken cancellationToken = default) =>
        DeleteMessageAsync(messageId, popReceipt, false, cancellationToken).EnsureCompleted();

    /// <summary>Changes how long a received message stays hidden and, optionally, its text.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="popReceipt">The pop receipt from the latest receive or update.</param>
    /// <param name="visibilityTimeout">Hide the message for this long from now (zero makes it visible at once).</param>
    /// <param name="messageText">New text, or <see langword="null"/> to keep the current text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new pop receipt (the old one stops working) and the next visible time.</returns>
    public virtual async Task<Response<StorageQueueUpdateReceipt>> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? messageText = null, CancellationToken cancellationToken = default) =>
        await UpdateMessageAsync(messageId, popReceipt, visibilityTimeout, messageText, true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="UpdateMessageAsync(string, string, TimeSpan, string, CancellationToken)"/>
    public virtual Response<StorageQueueUpdateReceipt> UpdateMessage(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? messageText = null, CancellationToken cancellationToken = default) =>
        UpdateMessageAsync(messageId, popReceipt, visibilityTimeout, messageText, false, cancellationToken).EnsureCompleted();

    /// <summary>Deletes every message in the queue.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response.</returns>
    public virtual async Task<Response> ClearMessagesAsync(CancellationToken cancellationToken = default) =>
        await ClearMessagesAsync(true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="ClearMessagesAsync(CancellationToken)"/>
    public virtual Response ClearMessages(CancellationToken cancellationToken = default) =>
        ClearMessagesAsync(false, cancellationToken).EnsureCompleted();

    private string EncodeText(string messageText) =>
        _encoding == StorageQueueMessageEncoding.Base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(messageText)) : messageText;

    private async Task<Response<StorageQueueSendReceipt>> SendMessageAsync(string wireText, TimeSpan? visibilityTimeout, TimeSpan? timeToLive, bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Post, CreatedClassifier, "/messages");
        if (visibilityTimeout is { } visibility)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibility, nameof(visibilityTimeout)), escapeValue: false);
        }

        if (timeToLive is { } ttl)
        {
            var value = ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl, nameof(timeToLive));
            message.Request.Uri.AppendQuery("messagettl", value, escapeValue: false);
        }

        message.Request.Headers.SetValue(StorageHeaders.ContentType, XmlContentType);
        message.Request.Content = RequestContent.Create(QueueMessageXml.WriteMessage(wireText));
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        var sent = QueueMessageXml.ReadMessages(response.Content);
        if (sent.Count != 1)
        {
            throw new RequestFailedException(response.Status, "The send response did not describe exactly one message.");
        }

        var m = sent[0];
        var receipt = new StorageQueueSendReceipt(
            QueueMessageXml.Required(m, "MessageId"),
            QueueMessageXml.Required(m, "PopReceipt"),
            QueueMessageXml.Time(m, "InsertionTime"),
            QueueMessageXml.Time(m, "ExpirationTime"),
            QueueMessageXml.Time(m, "TimeNextVisible"));
        return Response.FromValue(receipt, response);
    }

    private async Task<Response<IReadOnlyList<StorageQueueMessage>>> ReceiveMessagesAsync(int maxMessages, TimeSpan? visibilityTimeout, bool async, CancellationToken cancellationToken)
    {
        ValidateMaxMessages(maxMessages);
        using var message = CreateMessage(RequestMethod.Get, OkClassifier, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        if (visibilityTimeout is { } visibility)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibility, nameof(visibilityTimeout)), escapeValue: false);
        }

        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        var list = QueueMessageXml.ReadMessages(response.Content);
        var messages = new StorageQueueMessage[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var m = list[i];
            messages[i] = new StorageQueueMessage(
                QueueMessageXml.Required(m, "MessageId"),
                QueueMessageXml.Required(m, "PopReceipt"),
                QueueMessageXml.Count(m, "DequeueCount"),
                QueueMessageXml.Time(m, "InsertionTime"),
                QueueMessageXml.Time(m, "ExpirationTime"),
                QueueMessageXml.Time(m, "TimeNextVisible"),
                StorageQueueMessageBody.Decode(m.GetValueOrDefault("MessageText", string.Empty), _encoding));
        }

        return Response.FromValue<IReadOnlyList<StorageQueueMessage>>(messages, response);
    }

    private async Task<Response<IReadOnlyList<StorageQueuePeekedMessage>>> PeekMessagesAsync(int maxMessages, bool async, CancellationToken cancellationToken)
    {
        ValidateMaxMessages(maxMessages);
        using var message = CreateMessage(RequestMethod.Get, OkClassifier, "/messages");
        message.Request.Uri.AppendQuery("peekonly", "true", escapeValue: false);
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        var list = QueueMessageXml.ReadMessages(response.Content);
        var messages = new StorageQueuePeekedMessage[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var m = list[i];
            messages[i] = new StorageQueuePeekedMessage(
                QueueMessageXml.Required(m, "MessageId"),
                QueueMessageXml.Count(m, "DequeueCount"),
                QueueMessageXml.Time(m, "InsertionTime"),
                QueueMessageXml.Time(m, "ExpirationTime"),
                StorageQueueMessageBody.Decode(m.GetValueOrDefault("MessageText", string.Empty), _encoding));
        }

        return Response.FromValue<IReadOnlyList<StorageQueuePeekedMessage>>(messages, response);
    }

    private async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessageRequest(RequestMethod.Delete, messageId, popReceipt);
        return await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Response<StorageQueueUpdateReceipt>> UpdateMessageAsync(
        string messageId, string popReceipt, TimeSpan visibilityTimeout, string? messageText, bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessageRequest(RequestMethod.Put, messageId, popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, nameof(visibilityTimeout)), escapeValue: false);
        if (messageText is not null)
        {
            message.Request.Headers.SetValue(StorageHeaders.ContentType, XmlContentType);
            message.Request.Content = RequestContent.Create(QueueMessageXml.WriteMessage(EncodeText(messageText)));
        }

        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        if (!response.Headers.TryGetValue(StorageHeaders.PopReceipt, out var newReceipt)
            || !response.Headers.TryGetValue(StorageHeaders.TimeNextVisible, out var nextVisible))
        {
            throw new RequestFailedException(response.Status, "The update response lacks the new pop receipt or next visible time.");
        }

        return Response.FromValue(new StorageQueueUpdateReceipt(newReceipt, QueueMessageXml.ParseTime(nextVisible)), response);
    }

    private async Task<Response> ClearMessagesAsync(bool async, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Delete, NoContentClassifier, "/messages");
        return await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
    }

    private HttpMessage CreateMessageRequest(RequestMethod method, string messageId, string popReceipt)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        var message = CreateMessage(method, NoContentClassifier, "/messages/");
        message.Request.Uri.AppendPath(messageId, escape: true);

        // Pop receipts are base64-like ('+', '/', '='), so they must be percent-encoded in the query.
        message.Request.Uri.AppendQuery("popreceipt", popReceipt, escapeValue: true);
        return message;
    }

    private static void ValidateMaxMessages(int maxMessages)
    {
        if (maxMessages is < 1 or > MaxMessagesPerCall)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, $"Between 1 and {MaxMessagesPerCall} messages per call.");
        }
    }

    private static string Seconds(TimeSpan value, string paramName)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Must not be negative.");
        }

        return ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
