namespace Notifier.Emulator.Tests.SignalR.Infrastructure;

/// <summary>The texts one client received, in order.</summary>
public sealed class Inbox
{
    private readonly Lock _lock = new();
    private readonly List<string> _texts = [];

    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (_lock)
            {
                return [.. _texts];
            }
        }
    }

    public void Add(string text)
    {
        lock (_lock)
        {
            _texts.Add(text);
        }
    }

    public Task WaitForAsync(string text) =>
        Eventually.TrueAsync(() => Texts.Contains(text), $"'{text}' arrives");
}
