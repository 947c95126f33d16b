using System.Runtime.CompilerServices;
using Azure;

namespace Notifier.Azure.Storage.Core;

/// <summary>An <see cref="AsyncPageable{T}"/> over a page-fetching function that follows continuation tokens.</summary>
internal sealed class StorageAsyncPageable<T> : AsyncPageable<T>
    where T : notnull
{
    private readonly Func<string?, int?, bool, CancellationToken, Task<Page<T>>> _fetchPage;
    private readonly int? _pageSize;

    public StorageAsyncPageable(Func<string?, int?, bool, CancellationToken, Task<Page<T>>> fetchPage, int? pageSize, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _fetchPage = fetchPage;
        _pageSize = pageSize;
    }

    public override IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null) =>
        Enumerate(continuationToken, pageSizeHint ?? _pageSize, CancellationToken);

    private async IAsyncEnumerable<Page<T>> Enumerate(string? continuationToken, int? pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var page = await _fetchPage(continuationToken, pageSize, true, cancellationToken).ConfigureAwait(false);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }
}
