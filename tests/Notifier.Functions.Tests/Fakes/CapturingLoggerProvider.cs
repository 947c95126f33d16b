using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>Keeps every formatted log message, so a test can check what was (and was not) written.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider._messages.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
