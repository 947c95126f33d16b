namespace Notifier.DevHost.Operations;

/// <summary>One failure the app measured: a push that failed, a publish answered 503, a queue message rejected, a 429.</summary>
/// <param name="At">When it was measured.</param>
/// <param name="Kind">What failed, in the words of its instrument and outcome.</param>
/// <param name="Detail">The measurement's attributes.</param>
internal sealed record OperationsFailure(DateTimeOffset At, string Kind, string Detail);
