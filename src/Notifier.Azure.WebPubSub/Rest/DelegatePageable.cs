using Azure;

namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>A synchronous pageable that fetches each page through a delegate given the previous continuation token.</summary>
internal sealed class DelegatePageable<T> : Pageable<T>
    where T : notnull
{
    private readonly Func<string?, int?, Page<T>> _fetch;

    public DelegatePageable(Func<string?, int?, Page<T>> fetch)
    {
        _fetch = fetch;
    }

    public override IEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        do
        {
            var page = _fetch(continuationToken, pageSizeHint);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuationToken));
    }
}
