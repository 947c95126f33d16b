namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>One event id that <see cref="EventIdCache"/> remembers: what the event was, and the answer once there is one.</summary>
internal sealed class RememberedEvent
{
    private readonly TaskCompletionSource<EventAnswer?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RememberedEvent(string key, UInt128 fingerprint, DateTimeOffset rememberUntil)
    {
        Key = key;
        Fingerprint = fingerprint;
        RememberUntil = rememberUntil;
    }

    public string Key { get; }

    public UInt128 Fingerprint { get; }

    public DateTimeOffset RememberUntil { get; }

    /// <summary>Gets the first delivery's answer; null when it produced none worth repeating (it failed or was aborted).</summary>
    public Task<EventAnswer?> Answer => _answer.Task;

    public void Complete(EventAnswer? answer) => _answer.TrySetResult(answer);
}
