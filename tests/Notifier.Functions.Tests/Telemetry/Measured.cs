namespace Notifier.Functions.Tests.Telemetry;

/// <summary>One measurement as a listener received it.</summary>
public sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);
