namespace Notifier.Functions.Transport;

/// <summary>Issues what a signed-in user's client needs to connect to the transport: negotiate's half of the seam.</summary>
internal interface IClientAccessIssuer
{
    /// <summary>Issues access for <paramref name="userId"/>, who reads the topic <paramref name="groups"/>, valid for <paramref name="lifetime"/>.</summary>
    Task<IssuedAccess> IssueAsync(string userId, IReadOnlyList<string> groups, TimeSpan lifetime, CancellationToken cancellationToken);
}
