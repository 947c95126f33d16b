using System.Text.Json.Nodes;

namespace Notifier.Functions.Publishing;

/// <summary>
/// One notification of <c>POST /api/notifications</c> (the body is one, or an array of up to 100). The endpoint reads
/// the body itself, byte by byte, because the rules are stricter than a schema can say (the content's size,
/// well-formed Unicode, recipient totals); this record is that body's shape for the OpenAPI document.
/// </summary>
/// <param name="Id">An idempotency id (<c>[A-Za-z0-9._:@-]{1,128}</c>); generated when absent. An id of the shape <c>{26-character sortable id}@{user}</c> (what is generated for one user alone) is bound to that user: published to anyone else, it is a 409.</param>
/// <param name="To">The recipients.</param>
/// <param name="Type">What kind of notification, for clients to tell them apart; <c>notification</c> when absent.</param>
/// <param name="Title">A title; <c>title</c>, <c>body</c> or <c>data</c> must be present.</param>
/// <param name="Body">The text.</param>
/// <param name="Url">An absolute http(s) URL or a path to open.</param>
/// <param name="Data">A JSON object for the client.</param>
/// <param name="TtlSeconds">How long it is delivered and listed (1 to <c>MaxTtl</c>; default 7 days).</param>
/// <param name="Receipt">Whether the sender gets a receipt when a recipient reads it; needs <c>sender</c>.</param>
/// <param name="Sender">The user it comes from.</param>
/// <param name="Critical">Whether it ignores the recipients' mutes (pushed live and counted unread whatever they muted); <c>false</c> when absent.</param>
internal sealed record PublishRequest(
    string? Id,
    PublishRecipients To,
    string? Type,
    string? Title,
    string? Body,
    string? Url,
    JsonObject? Data,
    int? TtlSeconds,
    bool? Receipt,
    string? Sender,
    bool? Critical);
