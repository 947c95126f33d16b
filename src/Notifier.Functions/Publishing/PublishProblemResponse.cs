using System.Text.Json.Serialization;
using Notifier.Functions.Http;

namespace Notifier.Functions.Publishing;

/// <summary>
/// A refused publish: problem details plus what a publisher needs to act on it. Written by
/// <see cref="Problems"/>; this record is its shape for the OpenAPI document.
/// </summary>
/// <param name="Type">A URI naming the kind of problem; absent for statuses without one (429).</param>
/// <param name="Title">A short summary of the kind of problem.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What went wrong, and what to do about it.</param>
/// <param name="Errors">400 and 413: one entry per broken field (<c>to.users[3]</c>, <c>[2].title</c>).</param>
/// <param name="Results">Batches (400, 413, 409, 503): one result per item, in request order.</param>
/// <param name="Ids">503: the ids to retry with, generated ones included.</param>
/// <param name="Accepted">503: what was stored anyway; always empty, since a 503 stores nothing.</param>
internal sealed record PublishProblemResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FieldError[]? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BatchItemResult[]? Results = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Ids = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Accepted = null);
