namespace Notifier.DevHost.QueueTriggers;

/// <summary>How <see cref="QueueTriggerPump"/> behaves; the defaults follow host.json's <c>extensions.queues</c>.</summary>
internal sealed class QueueTriggerOptions
{
    /// <summary>Gets or sets the function (folder) name; the handler is called at <c>/{FunctionName}</c>.</summary>
    public required string FunctionName { get; init; }

    /// <summary>Gets or sets the trigger binding's name, the key of the message in <c>Data</c>.</summary>
    public string BindingName { get; init; } = "message";

    /// <summary>Gets or sets the output binding the handler may write poison messages to, and the queue it maps to.</summary>
    public (string Binding, string Queue)? PoisonOutput { get; init; }

    /// <summary>Gets or sets how many attempts a message gets before the host moves it to <c>{queue}-poison</c>.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Gets or sets how long a failed message stays invisible before its next attempt.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many messages are fetched and processed at once.</summary>
    public int BatchSize { get; init; } = 16;
}
