using Azure;

namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>An asynchronous pageable that fetches each page through a delegate given the previous continuation token.</summary>
internal sealed class DelegateAsyncPageable<T> : AsyncPageable<T>
    where T : notnull
{
    private readonly Func<string?, int?, CancellationToken, Task<Page<T>>> _fetch;

    public DelegateAsyncPageable(Func<string?, int?, CancellationToken, Task<Page<T>>> fetch, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _fetch = fetch;
    }

    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        do
        {
            var page = await _fetch(continuationToken, pageSizeHint, CancellationToken).ConfigureAwait(false);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuationToken));
    }
}
