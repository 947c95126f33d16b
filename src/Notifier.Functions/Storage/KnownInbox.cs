namespace Notifier.Functions.Storage;

/// <summary>
/// What this instance knows of a user's inbox for appending to it: the head as last read or written here, and the
/// latest sequence known to be taken (the head's, or past it, the tail's).
/// </summary>
/// <param name="Head">The head; its streams and mutes decide appends until it is <see cref="InboxOptions.HeadLifetime"/> old.</param>
/// <param name="Latest">The latest sequence taken as far as this instance knows; an append claims the next one.</param>
/// <param name="ReadAt">When the head was read or written (<see cref="TimeProvider.GetTimestamp"/>).</param>
internal sealed record KnownInbox(InboxHead Head, long Latest, long ReadAt);
