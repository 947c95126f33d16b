namespace Notifier.Core.Publishing;

/// <summary>What became of one item of a batch: its result, the failure that ended the batch, or neither (not attempted).</summary>
/// <param name="Result">What happened, when it was published.</param>
/// <param name="Failure">Why it was not stored, when storage became unavailable at this item.</param>
public readonly record struct PublishOutcome(PublishResult? Result, Exception? Failure);
