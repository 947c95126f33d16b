using System.Text.Json;
using Notifier.Core.Notifications;
using Notifier.Core.Push;

namespace Notifier.Core.Tests.Fakes;

/// <summary>Records what would be pushed; can be told to fail, and to run a check at the moment of a push.</summary>
public sealed class RecordingPusher : INotificationPusher
{
    private readonly Lock _lock = new();
    private readonly List<Push> _pushes = [];
    private int _failedAttempts;

    /// <summary>Gets or sets the exception every send throws, or <see langword="null"/> to succeed.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Gets or sets a callback run at the start of every send, before it succeeds or fails.</summary>
    public Action? OnSend { get; set; }

    /// <summary>Gets the successful sends, in order.</summary>
    public IReadOnlyList<Push> Pushes
    {
        get
        {
            lock (_lock)
            {
                return [.. _pushes];
            }
        }
    }

    /// <summary>Forgets the sends so far.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _pushes.Clear();
        }
    }

    /// <summary>Gets how many sends failed.</summary>
    public int FailedAttempts
    {
        get
        {
            lock (_lock)
            {
                return _failedAttempts;
            }
        }
    }

    public Task SendAsync(Recipients recipients, ReadOnlyMemory<byte> message, IReadOnlyCollection<string> exceptUsers, CancellationToken cancellationToken) =>
        Record(new Push(recipients, null, message.ToArray(), null) { ExceptUsers = [.. exceptUsers] });

    public Task SendToUserAsync(string userId, ReadOnlyMemory<byte> message, string? exceptConnectionId, CancellationToken cancellationToken) =>
        Record(new Push(null, userId, message.ToArray(), exceptConnectionId));

    private Task Record(Push push)
    {
        OnSend?.Invoke();
        lock (_lock)
        {
            if (FailWith is { } failure)
            {
                _failedAttempts++;
                return Task.FromException(failure);
            }

            _pushes.Add(push);
            return Task.CompletedTask;
        }
    }
}

/// <summary>One push: to <see cref="Recipients"/> (<see cref="INotificationPusher.SendAsync"/>) or to one user.</summary>
public sealed record Push(Recipients? Recipients, string? UserId, ReadOnlyMemory<byte> Message, string? ExceptConnectionId)
{
    /// <summary>Gets the users a push to many was told to leave out.</summary>
    public IReadOnlyList<string> ExceptUsers { get; init; } = [];

    /// <summary>Parses the envelope.</summary>
    public JsonElement Envelope()
    {
        using var document = JsonDocument.Parse(Message);
        return document.RootElement.Clone();
    }

    /// <summary>Gets the envelope's type.</summary>
    public string? Type => Envelope().GetProperty("type").GetString();
}
