using Azure;
using Notifier.Azure.Storage.Tables;
using Notifier.Azure.Storage.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Azure.Storage.Tests.Tables;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableStorageClientIntegrationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TableStorageClient _table = new(azurite.ConnectionString, UniqueNames.Table());

    public async Task InitializeAsync() => Assert.True((await _table.CreateIfNotExistsAsync()).Value);

    public async Task DisposeAsync() => await _table.DeleteIfExistsAsync();

    [Fact]
    public async Task CreateIfNotExists_ExistingTable_ReturnsFalse()
    {
        var again = await _table.CreateIfNotExistsAsync();

        Assert.False(again.Value);
    }

    [Fact]
    public async Task DeleteIfExists_ThenAgain_ReportsWhetherItExisted()
    {
        Assert.True((await _table.DeleteIfExistsAsync()).Value);
        Assert.False((await _table.DeleteIfExistsAsync()).Value);
        Assert.True((await _table.CreateIfNotExistsAsync()).Value);
    }

    [Fact]
    public async Task AddThenGet_EveryPropertyType_RoundTrips()
    {
        var sentAt = new DateTimeOffset(2025, 11, 21, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);
        var id = Guid.NewGuid();
        var entity = new TableEntityRecord("u1", "row 'one' / é")
        {
            ["Text"] = "hi <&> \"there\"",
            ["Read"] = true,
            ["Count"] = 3,
            ["Seq"] = 9007199254740993L,
            ["Ratio"] = 2.0,
            ["Pi"] = 3.14159,
            ["SentAt"] = sentAt,
            ["Id"] = id,
            ["Blob"] = new byte[] { 1, 2, 3, 255 },
            ["Data"] = BinaryData.FromBytes([9, 8]),
            ["Empty"] = string.Empty,
        };
        entity.RowKey = "row ''one'' é+%";

        var added = await _table.AddEntityAsync(entity);
        var read = (await _table.GetEntityAsync("u1", entity.RowKey)).Value;

        Assert.Equal(204, added.Status);
        Assert.Equal("u1", read.PartitionKey);
        Assert.Equal(entity.RowKey, read.RowKey);
        Assert.Equal("hi <&> \"there\"", read.GetString("Text"));
        Assert.True(read.GetBoolean("Read"));
        Assert.Equal(3, read.GetInt32("Count"));
        Assert.IsType<int>(read["Count"]);
        Assert.Equal(9007199254740993L, read.GetInt64("Seq"));
        Assert.IsType<long>(read["Seq"]);
        Assert.Equal(2.0, read.GetDouble("Ratio"));
        Assert.IsType<double>(read["Ratio"]);
        Assert.Equal(3.14159, read.GetDouble("Pi"));
        Assert.Equal(sentAt, read.GetDateTimeOffset("SentAt"));
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, read.GetBinary("Blob"));
        Assert.Equal(new byte[] { 9, 8 }, read.GetBinary("Data"));
        Assert.Equal(string.Empty, read.GetString("Empty"));
        Assert.NotNull(read.Timestamp);
        Assert.NotEqual(default, read.ETag);
        Assert.Equal(added.Headers.ETag, read.ETag);
    }

    [Fact]
    public async Task AddEntity_Existing_ThrowsConflict()
    {
        await _table.AddEntityAsync(new TableEntityRecord("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _table.AddEntityAsync(new TableEntityRecord("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task UpsertMerge_KeepsStoredProperties_UpsertReplace_DropsThem()
    {
        await _table.UpsertEntityAsync(new TableEntityRecord("p", "r") { ["A"] = "a", ["B"] = "b" });

        await _table.UpsertEntityAsync(new TableEntityRecord("p", "r") { ["B"] = "b2", ["C"] = "c" }, TableWriteMode.Merge);
        var merged = (await _table.GetEntityAsync("p", "r")).Value;
        await _table.UpsertEntityAsync(new TableEntityRecord("p", "r") { ["C"] = "c3" }, TableWriteMode.Replace);
        var replaced = (await _table.GetEntityAsync("p", "r")).Value;

        Assert.Equal(["A", "B", "C"], merged.Keys.Order());
        Assert.Equal("a", merged.GetString("A"));
        Assert.Equal("b2", merged.GetString("B"));
        Assert.Equal(["C"], replaced.Keys);
        Assert.Equal("c3", replaced.GetString("C"));
    }

    [Fact]
    public async Task UpdateEntity_CurrentETag_Succeeds_StaleETag_ThrowsConditionFailed()
    {
        await _table.AddEntityAsync(new TableEntityRecord("p", "r") { ["V"] = 1 });
        var first = (await _table.GetEntityAsync("p", "r")).Value;

        var updated = await _table.UpdateEntityAsync(new TableEntityRecord("p", "r") { ["V"] = 2 }, first.ETag, TableWriteMode.Replace);
        var error = await Assert.ThrowsAsync<TableConditionFailedException>(
            () => _table.UpdateEntityAsync(new TableEntityRecord("p", "r") { ["V"] = 3 }, first.ETag));

        Assert.Equal(204, updated.Status);
        Assert.NotEqual(first.ETag, updated.Headers.ETag);
        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal(2, (await _table.GetEntityAsync("p", "r")).Value.GetInt32("V"));
    }

    [Fact]
    public async Task UpdateEntity_Merge_WithCurrentETag_MergesProperties()
    {
        await _table.AddEntityAsync(new TableEntityRecord("p", "r") { ["A"] = "a" });
        var etag = (await _table.GetEntityAsync("p", "r")).Value.ETag;

        await _table.UpdateEntityAsync(new TableEntityRecord("p", "r") { ["B"] = "b" }, etag, TableWriteMode.Merge);

        Assert.Equal(["A", "B"], (await _table.GetEntityAsync("p", "r")).Value.Keys.Order());
    }

    [Fact]
    public async Task UpdateEntity_Missing_Throws404()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => _table.UpdateEntityAsync(new TableEntityRecord("p", "missing"), ETag.All));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task DeleteEntity_StaleETag_ThrowsConditionFailed_CurrentETag_Deletes()
    {
        await _table.AddEntityAsync(new TableEntityRecord("p", "r") { ["V"] = 1 });
        var stale = (await _table.GetEntityAsync("p", "r")).Value.ETag;
        var current = (await _table.UpsertEntityAsync(new TableEntityRecord("p", "r") { ["V"] = 2 })).Headers.ETag!.Value;

        var error = await Assert.ThrowsAsync<TableConditionFailedException>(() => _table.DeleteEntityAsync("p", "r", stale));
        var deleted = await _table.DeleteEntityAsync("p", "r", current);

        Assert.Equal(412, error.Status);
        Assert.Equal(204, deleted.Status);
        Assert.False((await _table.GetEntityIfExistsAsync("p", "r")).HasValue);
    }

    [Fact]
    public async Task DeleteEntity_AnyVersionAndMissing_AreNotErrors()
    {
        await _table.AddEntityAsync(new TableEntityRecord("p", "r"));

        var deleted = await _table.DeleteEntityAsync("p", "r");
        var missing = await _table.DeleteEntityAsync("p", "r");

        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task GetEntity_Missing_Throws404_GetEntityIfExists_HasNoValue()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _table.GetEntityAsync("p", "nope"));
        var maybe = await _table.GetEntityIfExistsAsync("p", "nope");

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
        Assert.False(maybe.HasValue);
        Assert.Equal(404, maybe.GetRawResponse().Status);
    }

    [Fact]
    public async Task GetEntity_WithSelect_ReturnsOnlySelectedProperties()
    {
        await _table.AddEntityAsync(new TableEntityRecord("p", "r") { ["A"] = "a", ["B"] = "b", ["C"] = 3 });

        var read = (await _table.GetEntityAsync("p", "r", ["A", "C"])).Value;

        Assert.Equal(["A", "C"], read.Keys.Order());
        Assert.Equal(3, read.GetInt32("C"));
    }

    [Fact]
    public async Task QueryEntities_FilterSelectTop_ReturnsMatchingProjectedPages()
    {
        var batch = new TableBatch("p");
        for (var i = 0; i < 10; i++)
        {
            batch.AddEntity(new TableEntityRecord("p", $"r{i:D2}") { ["N"] = i, ["Extra"] = "x" });
        }

        await _table.SubmitBatchAsync(batch);
        await _table.AddEntityAsync(new TableEntityRecord("other", "r05") { ["N"] = 5 });

        var filter = TableFilter.Create($"PartitionKey eq {"p"} and N ge {4} and RowKey lt {"r08"}");
        var pages = new List<Page<TableEntityRecord>>();
        await foreach (var page in _table.QueryEntitiesAsync(filter, ["N"], maxPerPage: 2).AsPages())
        {
            pages.Add(page);
        }

        var all = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal([4, 5, 6, 7], all.Select(e => e.GetInt32("N")!.Value));
        Assert.All(all, e => Assert.Equal(["N"], e.Keys));
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal(2, p.Values.Count));
    }

    [Fact]
    public async Task QueryEntities_1500InOnePartition_FollowsContinuationAndReturnsEachOnce()
    {
        for (var start = 0; start < 1500; start += TableBatch.MaxOperations)
        {
            var batch = new TableBatch("big");
            for (var i = start; i < start + TableBatch.MaxOperations; i++)
            {
                batch.AddEntity(new TableEntityRecord("big", i.ToString("D5")) { ["I"] = i });
            }

            await _table.SubmitBatchAsync(batch);
        }

        var pageCount = 0;
        var seen = new List<int>();
        await foreach (var page in _table.QueryEntitiesAsync(TableFilter.Create($"PartitionKey eq {"big"}")).AsPages())
        {
            pageCount++;
            seen.AddRange(page.Values.Select(e => e.GetInt32("I")!.Value));
        }

        Assert.True(pageCount >= 2, $"expected the service to page, got {pageCount} page(s)");
        Assert.Equal(Enumerable.Range(0, 1500), seen.Order());
        Assert.Equal(1500, seen.Distinct().Count());
    }

    [Fact]
    public async Task QueryEntities_ResumesFromContinuationToken()
    {
        var batch = new TableBatch("p");
        for (var i = 0; i < 5; i++)
        {
            batch.AddEntity(new TableEntityRecord("p", $"r{i}"));
        }

        await _table.SubmitBatchAsync(batch);
        var query = _table.QueryEntitiesAsync(maxPerPage: 2);
        string? token = null;
        await foreach (var page in query.AsPages())
        {
            token = page.ContinuationToken;
            break;
        }

        var rest = new List<string>();
        await foreach (var page in query.AsPages(token))
        {
            rest.AddRange(page.Values.Select(e => e.RowKey));
        }

        Assert.NotNull(token);
        Assert.Equal(["r2", "r3", "r4"], rest);
    }

    [Fact]
    public async Task QueryEntities_UserIdWithQuote_ReturnsOnlyThatUsersRows()
    {
        const string Attacker = "x' or PartitionKey ne 'x";
        await _table.AddEntityAsync(new TableEntityRecord("alice", "1"));
        await _table.AddEntityAsync(new TableEntityRecord("bob", "1"));
        await _table.AddEntityAsync(new TableEntityRecord(Attacker, "1"));
        await _table.AddEntityAsync(new TableEntityRecord("o'brien", "1"));

        var attackerRows = await ToListAsync(_table.QueryEntitiesAsync(TableFilter.Create($"PartitionKey eq {Attacker}")));
        var obrienRows = await ToListAsync(_table.QueryEntitiesAsync(TableFilter.Create($"PartitionKey eq {"o'brien"}")));

        Assert.Equal(Attacker, Assert.Single(attackerRows).PartitionKey);
        Assert.Equal("o'brien", Assert.Single(obrienRows).PartitionKey);
    }

    [Fact]
    public async Task QueryEntities_TypedFilterLiterals_MatchStoredTypes()
    {
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        await _table.AddEntityAsync(new TableEntityRecord("p", "match") { ["Seq"] = 5_000_000_000L, ["Id"] = id, ["At"] = at, ["Ok"] = true, ["D"] = 1.5 });
        await _table.AddEntityAsync(new TableEntityRecord("p", "other") { ["Seq"] = 1L, ["Id"] = Guid.NewGuid(), ["At"] = at.AddDays(-1), ["Ok"] = false, ["D"] = 0.5 });

        var rows = await ToListAsync(_table.QueryEntitiesAsync(
            TableFilter.Create($"Seq ge {5_000_000_000L} and Id eq {id} and At ge {at} and Ok eq {true} and D gt {1.0}")));

        Assert.Equal("match", Assert.Single(rows).RowKey);
    }

    [Fact]
    public async Task SubmitBatch_100Inserts_AllStored()
    {
        var batch = new TableBatch("b");
        for (var i = 0; i < 100; i++)
        {
            batch.AddEntity(new TableEntityRecord("b", $"r{i:D3}") { ["I"] = i });
        }

        var response = await _table.SubmitBatchAsync(batch);
        var stored = await ToListAsync(_table.QueryEntitiesAsync(TableFilter.Create($"PartitionKey eq {"b"}")));

        Assert.Equal(202, response.GetRawResponse().Status);
        Assert.Equal(100, response.Value.Count);
        Assert.All(response.Value, r => Assert.NotNull(r.ETag));
        Assert.Equal(100, stored.Count);
    }

    [Fact]
    public async Task SubmitBatch_MixedOperations_AppliesAll()
    {
        await _table.AddEntityAsync(new TableEntityRecord("m", "update") { ["V"] = 1, ["Keep"] = "k" });
        await _table.AddEntityAsync(new TableEntityRecord("m", "delete"));
        await _table.AddEntityAsync(new TableEntityRecord("m", "replace") { ["Old"] = "o" });
        var etag = (await _table.GetEntityAsync("m", "update")).Value.ETag;

        var batch = new TableBatch("m")
            .AddEntity(new TableEntityRecord("m", "new") { ["V"] = 1 })
            .UpsertEntity(new TableEntityRecord("m", "upsert") { ["V"] = 1 })
            .UpsertEntity(new TableEntityRecord("m", "replace") { ["New"] = "n" }, TableWriteMode.Replace)
            .UpdateEntity(new TableEntityRecord("m", "update") { ["V"] = 2 }, etag)
            .DeleteEntity("delete");
        await _table.SubmitBatchAsync(batch);

        var rows = (await ToListAsync(_table.QueryEntitiesAsync(TableFilter.Create($"PartitionKey eq {"m"}")))).ToDictionary(e => e.RowKey);
        Assert.Equal(["new", "replace", "update", "upsert"], rows.Keys.Order());
        Assert.Equal(["New"], rows["replace"].Keys);
        Assert.Equal(2, rows["update"].GetInt32("V"));
        Assert.Equal("k", rows["update"].GetString("Keep"));
    }

    [Fact]
    public async Task SubmitBatch_OneInsertConflicts_NothingIsStored()
    {
        await _table.AddEntityAsync(new TableEntityRecord("f", "r02") { ["Original"] = true });
        var batch = new TableBatch("f");
        for (var i = 0; i < 5; i++)
        {
            batch.AddEntity(new TableEntityRecord("f", $"r{i:D2}"));
        }

        var error = await Assert.ThrowsAsync<TableBatchFailedException>(() => _table.SubmitBatchAsync(batch));
        var stored = await ToListAsync(_table.QueryEntitiesAsync(TableFilter.Create($"PartitionKey eq {"f"}")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal(2, error.FailedOperationIndex);
        Assert.Equal("r02", error.FailedOperation?.RowKey);
        Assert.Equal("r02", Assert.Single(stored).RowKey);
    }

    [Fact]
    public async Task SubmitBatch_StaleETag_FailsWith412AndAppliesNothing()
    {
        await _table.AddEntityAsync(new TableEntityRecord("s", "r") { ["V"] = 1 });
        var stale = (await _table.GetEntityAsync("s", "r")).Value.ETag;
        await _table.UpsertEntityAsync(new TableEntityRecord("s", "r") { ["V"] = 2 });

        var batch = new TableBatch("s")
            .AddEntity(new TableEntityRecord("s", "new"))
            .UpdateEntity(new TableEntityRecord("s", "r") { ["V"] = 3 }, stale);
        var error = await Assert.ThrowsAsync<TableBatchFailedException>(() => _table.SubmitBatchAsync(batch));

        Assert.Equal(412, error.Status);
        Assert.Equal(1, error.FailedOperationIndex);
        Assert.False((await _table.GetEntityIfExistsAsync("s", "new")).HasValue);
    }

    [Fact]
    public void SyncMethods_RoundTrip()
    {
        _table.AddEntity(new TableEntityRecord("sync", "r") { ["V"] = 1 });
        _table.UpsertEntity(new TableEntityRecord("sync", "r") { ["W"] = 2 });
        var read = _table.GetEntity("sync", "r").Value;
        _table.SubmitBatch(new TableBatch("sync").AddEntity(new TableEntityRecord("sync", "r2")));
        var rows = _table.QueryEntities(TableFilter.Create($"PartitionKey eq {"sync"}")).ToList();
        _table.DeleteEntity("sync", "r", read.ETag);

        Assert.Equal(1, read.GetInt32("V"));
        Assert.Equal(2, read.GetInt32("W"));
        Assert.Equal(["r", "r2"], rows.Select(r => r.RowKey));
        Assert.False(_table.GetEntityIfExists("sync", "r").HasValue);
    }

    [Fact]
    public async Task WrongAccountKey_IsRejectedByAzurite()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var table = new TableStorageClient(azurite.TableEndpoint, _table.Name, new AzureNamedKeyCredential(AzuriteFixture.AccountName, wrongKey));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityIfExistsAsync("p", "r"));

        Assert.Equal(403, error.Status);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
    }

    private static async Task<List<TableEntityRecord>> ToListAsync(AsyncPageable<TableEntityRecord> pageable)
    {
        var list = new List<TableEntityRecord>();
        await foreach (var entity in pageable)
        {
            list.Add(entity);
        }

        return list;
    }
}
