using Microsoft.Extensions.Logging;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
