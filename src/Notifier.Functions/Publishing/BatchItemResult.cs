using System.Text.Json.Serialization;
using Notifier.Functions.Http;

namespace Notifier.Functions.Publishing;

/// <summary>
/// What happened to one notification of a batch, in request order: <c>accepted</c>, <c>replayed</c> (published before
/// with the same content), <c>expired</c>, <c>conflict</c> (the id was used for other content), <c>unavailable</c>
/// (not stored: retry with the same id), <c>invalid</c>, or <c>skipped</c> (valid, but not stored because another item
/// was invalid).
/// </summary>
internal sealed record BatchItemResult(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CreatedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExpiresAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusUrl = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FieldError[]? Errors = null)
{
    public const string Accepted = "accepted";
    public const string Replayed = "replayed";
    public const string Expired = "expired";
    public const string Conflict = "conflict";
    public const string Unavailable = "unavailable";
    public const string Invalid = "invalid";
    public const string Skipped = "skipped";

    /// <summary>Gets whether the item is done: stored (now or before) or past its lifetime, so a retry changes nothing.</summary>
    [JsonIgnore]
    public bool IsSettled => Status is Accepted or Replayed or Expired;
}
