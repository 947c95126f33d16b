namespace Notifier.Functions.Publishing;

/// <summary>The answer to a batch whose items had different outcomes (202 or 207): one result per item, in request order.</summary>
internal sealed record BatchResponse(BatchItemResult[] Results);
