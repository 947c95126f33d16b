using System.Text.Json.Serialization;

namespace Notifier.Functions.Http;

/// <summary>
/// The shape of every refusal: RFC 9457 problem details, with the field errors of a 400 or 413. The answers themselves
/// are written by <see cref="Problems"/> through ASP.NET Core's problem-details writer, so the wire stays what clients
/// already parse; this record is that output as a type, which the OpenAPI document describes.
/// </summary>
/// <param name="Type">A URI naming the kind of problem (the RFC section of the status); absent for statuses without one (429).</param>
/// <param name="Title">A short summary of the kind of problem.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What went wrong with this request, and what to do about it.</param>
/// <param name="Errors">400 and 413: one entry per broken field (<c>to.users[3]</c>, <c>[2].title</c>, <c>body</c>).</param>
internal sealed record ProblemResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FieldError[]? Errors = null);
