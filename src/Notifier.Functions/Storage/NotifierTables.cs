using Azure.Data.Tables;

namespace Notifier.Functions.Storage;

/// <summary>
/// The table clients, created without network calls. Each table is created on its first use, not at start-up, so the
/// handler answers the host's readiness probe at once; a failed creation is retried on the next use.
/// </summary>
internal sealed class NotifierTables
{
    private readonly Dictionary<string, TableClient> _clients;
    private readonly Dictionary<string, Lazy<Task>> _created = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public NotifierTables(TableServiceClient service)
    {
        // Table clients share the service client's pipeline, options and credential.
        _clients = TableNames.All.ToDictionary(name => name, service.GetTableClient, StringComparer.Ordinal);
    }

    public async ValueTask<TableClient> GetAsync(string tableName, CancellationToken cancellationToken)
    {
        var client = _clients[tableName];
        Lazy<Task> creation;
        lock (_lock)
        {
            if (!_created.TryGetValue(tableName, out creation!))
            {
                creation = new Lazy<Task>(() => client.CreateIfNotExistsAsync(CancellationToken.None));
                _created[tableName] = creation;
            }
        }

        if (!creation.Value.IsCompletedSuccessfully)
        {
            try
            {
                await creation.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                lock (_lock)
                {
                    if (_created.TryGetValue(tableName, out var current) && current == creation)
                    {
                        _created.Remove(tableName);
                    }
                }

                throw;
            }
        }

        return client;
    }
}
