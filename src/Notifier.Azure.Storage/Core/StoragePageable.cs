using Azure;

namespace Notifier.Azure.Storage.Core;

/// <summary>The synchronous twin of <see cref="StorageAsyncPageable{T}"/>.</summary>
internal sealed class StoragePageable<T> : Pageable<T>
    where T : notnull
{
    private readonly Func<string?, int?, bool, CancellationToken, Task<Page<T>>> _fetchPage;
    private readonly int? _pageSize;

    public StoragePageable(Func<string?, int?, bool, CancellationToken, Task<Page<T>>> fetchPage, int? pageSize, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _fetchPage = fetchPage;
        _pageSize = pageSize;
    }

    public override IEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        var pageSize = pageSizeHint ?? _pageSize;
        do
        {
            var page = _fetchPage(continuationToken, pageSize, false, CancellationToken).EnsureCompleted();
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }
}
