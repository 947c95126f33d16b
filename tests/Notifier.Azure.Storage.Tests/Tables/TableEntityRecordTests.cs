using System.Text.Json;
using Notifier.Azure.Storage.Tables;

namespace Notifier.Azure.Storage.Tests.Tables;

public sealed class TableEntityRecordTests
{
    [Fact]
    public void Serialize_AnnotatesTypesThatJsonCannotCarry()
    {
        var entity = new TableEntityRecord("p", "r")
        {
            ["S"] = "s",
            ["B"] = false,
            ["I"] = -1,
            ["L"] = long.MaxValue,
            ["D"] = 2.0,
            ["Nan"] = double.NaN,
            ["T"] = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ["G"] = Guid.Empty,
            ["Bin"] = new byte[] { 1, 2, 3 },
            ["Null"] = null,
        };

        var json = System.Text.Encoding.UTF8.GetString(TableEntityJson.Serialize(entity).Span);

        Assert.Equal(
            """{"PartitionKey":"p","RowKey":"r","S":"s","B":false,"I":-1,"L@odata.type":"Edm.Int64","L":"9223372036854775807","D@odata.type":"Edm.Double","D":2,"Nan@odata.type":"Edm.Double","Nan":"NaN","T@odata.type":"Edm.DateTime","T":"2025-01-02T03:04:05.0000000Z","G@odata.type":"Edm.Guid","G":"00000000-0000-0000-0000-000000000000","Bin@odata.type":"Edm.Binary","Bin":"AQID"}""",
            json);
    }

    [Fact]
    public void Read_WithoutAnnotations_InfersStringBoolInt32AndDouble()
    {
        using var document = JsonDocument.Parse("""{"PartitionKey":"p","RowKey":"r","S":"s","B":true,"I":5,"D":5.5,"E":1e3,"Big":3000000000}""");

        var entity = TableEntityJson.Read(document.RootElement);

        Assert.Equal("s", entity["S"]);
        Assert.Equal(true, entity["B"]);
        Assert.Equal(5, entity["I"]);
        Assert.Equal(5.5, entity["D"]);
        Assert.Equal(1000.0, entity["E"]);
        Assert.Equal(3000000000L, entity["Big"]);
    }

    [Fact]
    public void Read_SpecialDoubles()
    {
        using var document = JsonDocument.Parse("""{"A@odata.type":"Edm.Double","A":"NaN","B@odata.type":"Edm.Double","B":"-Infinity"}""");

        var entity = TableEntityJson.Read(document.RootElement);

        Assert.True(double.IsNaN(entity.GetDouble("A")!.Value));
        Assert.Equal(double.NegativeInfinity, entity.GetDouble("B"));
    }

    [Fact]
    public void TypedGetters_ConvertCompatibleTypes_AndRejectOthers()
    {
        var entity = new TableEntityRecord("p", "r") { ["I"] = 5, ["L"] = 6L, ["S"] = "x" };

        Assert.Equal(5L, entity.GetInt64("I"));
        Assert.Equal(6, entity.GetInt32("L"));
        Assert.Equal(5.0, entity.GetDouble("I"));
        Assert.Null(entity.GetString("Missing"));
        Assert.Null(entity.GetInt32("Missing"));
        var error = Assert.Throws<InvalidOperationException>(() => entity.GetInt32("S"));
        Assert.Contains("'S'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Setters_RejectSystemNamesUnsupportedTypesAndUnspecifiedDates()
    {
        var entity = new TableEntityRecord();

        Assert.Throws<ArgumentException>(() => entity["PartitionKey"] = "x");
        Assert.Throws<ArgumentException>(() => entity.Add("Timestamp", DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => entity["Money"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["When"] = new DateTime(2025, 1, 1));
        Assert.Throws<ArgumentNullException>(() => entity.PartitionKey = null!);
    }

    [Fact]
    public void DateTimeValues_AreStoredAsUtcDateTimeOffset()
    {
        var local = new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc).ToLocalTime();
        var entity = new TableEntityRecord { ["T"] = local };

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero), entity.GetDateTimeOffset("T"));
    }

    [Fact]
    public void ByteArrays_AreCopied()
    {
        var bytes = new byte[] { 1 };
        var entity = new TableEntityRecord { ["B"] = bytes };

        bytes[0] = 9;

        Assert.Equal(new byte[] { 1 }, entity.GetBinary("B"));
    }
}
