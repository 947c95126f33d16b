using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Azure.Storage.Core;

namespace Notifier.Azure.Storage.Tables;

/// <content>Queries.</content>
public partial class TableStorageClient
{
    /// <summary>The most entities the service returns in one page.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>
    /// Queries entities, following continuation tokens page by page as the result is enumerated.
    /// </summary>
    /// <param name="filter">
    /// An OData <c>$filter</c>, or <see langword="null"/> for all entities. Build it with
    /// <see cref="TableFilter.Create(ref TableFilterInterpolatedStringHandler)"/> so values are escaped.
    /// </param>
    /// <param name="selectProperties">Property names to return (<c>$select</c>), or <see langword="null"/> for all.</param>
    /// <param name="maxPerPage">Entities per page (<c>$top</c>, 1-1000); the service may return fewer.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The entities; use <c>AsPages</c> to see pages and continuation tokens, or to resume from a token.</returns>
    public virtual AsyncPageable<TableEntityRecord> QueryEntitiesAsync(string? filter = null, IEnumerable<string>? selectProperties = null, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        ValidatePageSize(maxPerPage);
        var selectText = FormatSelect(selectProperties);
        return new StorageAsyncPageable<TableEntityRecord>(
            (token, pageSize, async, ct) => QueryPageAsync(filter, selectText, token, pageSize, async, ct), maxPerPage, cancellationToken);
    }

    /// <inheritdoc cref="QueryEntitiesAsync(string, IEnumerable{string}, int?, CancellationToken)"/>
    public virtual Pageable<TableEntityRecord> QueryEntities(string? filter = null, IEnumerable<string>? selectProperties = null, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        ValidatePageSize(maxPerPage);
        var selectText = FormatSelect(selectProperties);
        return new StoragePageable<TableEntityRecord>(
            (token, pageSize, async, ct) => QueryPageAsync(filter, selectText, token, pageSize, async, ct), maxPerPage, cancellationToken);
    }

    private static void ValidatePageSize(int? maxPerPage)
    {
        if (maxPerPage is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, $"Page size must be between 1 and {MaxPageSize}.");
        }
    }

    private async Task<Page<TableEntityRecord>> QueryPageAsync(
        string? filter, string? select, string? continuationToken, int? pageSize, bool async, CancellationToken cancellationToken)
    {
        ValidatePageSize(pageSize);
        using var message = CreateMessage(RequestMethod.Get, OkClassifier, "/" + Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter, escapeValue: true);
        }

        if (select is not null)
        {
            uri.AppendQuery("$select", select, escapeValue: true);
        }

        if (pageSize is { } top)
        {
            uri.AppendQuery("$top", top.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        }

        if (continuationToken is not null)
        {
            var (nextPartitionKey, nextRowKey) = TableContinuationToken.Parse(continuationToken);
            uri.AppendQuery("NextPartitionKey", nextPartitionKey, escapeValue: true);
            if (nextRowKey is not null)
            {
                uri.AppendQuery("NextRowKey", nextRowKey, escapeValue: true);
            }
        }

        var response = await SendAsync(message, async, cancellationToken).ConfigureAwait(false);
        var entities = new List<TableEntityRecord>();
        using (var document = JsonDocument.Parse(response.Content.ToMemory()))
        {
            if (document.RootElement.TryGetProperty("value", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                entities.Capacity = values.GetArrayLength();
                foreach (var element in values.EnumerateArray())
                {
                    entities.Add(TableEntityJson.Read(element));
                }
            }
        }

        response.Headers.TryGetValue(StorageHeaders.ContinuationNextPartitionKey, out var nextPk);
        response.Headers.TryGetValue(StorageHeaders.ContinuationNextRowKey, out var nextRk);
        return Page<TableEntityRecord>.FromValues(entities, TableContinuationToken.Format(nextPk, nextRk), response);
    }
}
