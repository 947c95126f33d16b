using Notifier.Azure.Storage.Tables;

namespace Notifier.Azure.Storage.Tests.Tables;

public sealed class TableFilterTests
{
    [Fact]
    public void Create_QuoteInUserId_IsDoubledInsideOneLiteral()
    {
        const string UserId = "x' or PartitionKey ne 'x";

        var filter = TableFilter.Create($"PartitionKey eq {UserId}");

        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne ''x'", filter);
    }

    [Fact]
    public void Create_FormatsEveryLiteralType()
    {
        var id = Guid.Parse("c3b3a6f0-0000-4000-8000-000000000001");
        var at = new DateTimeOffset(2025, 11, 21, 11, 0, 0, TimeSpan.FromHours(1));

        var filter = TableFilter.Create(
            $"S eq {"a"} and B eq {true} and N eq {false} and I eq {42} and L eq {42L} and D eq {1.5} and W eq {2.0} and T eq {at} and G eq {id} and X eq {new byte[] { 10, 255 }} and Z eq {(string?)null}");

        Assert.Equal(
            "S eq 'a' and B eq true and N eq false and I eq 42 and L eq 42L and D eq 1.5 and W eq 2.0 and T eq datetime'2025-11-21T10:00:00.0000000Z' and G eq guid'c3b3a6f0-0000-4000-8000-000000000001' and X eq X'0aff' and Z eq null",
            filter);
    }

    [Fact]
    public void FormatLiteral_UtcDateTimeAndBinaryData()
    {
        Assert.Equal("datetime'2025-01-02T03:04:05.0000000Z'", TableFilter.FormatLiteral(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
        Assert.Equal("X'0102'", TableFilter.FormatLiteral(BinaryData.FromBytes([1, 2])));
        Assert.Equal("'it''s'", TableFilter.FormatLiteral("it's"));
        Assert.Equal("''''''", TableFilter.FormatLiteral("''"));
    }

    [Fact]
    public void FormatLiteral_UnsupportedValues_Throw()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.FormatLiteral(1.5m));
        Assert.Throws<ArgumentException>(() => TableFilter.FormatLiteral(new object()));
        Assert.Throws<ArgumentException>(() => TableFilter.FormatLiteral(double.NaN));
        Assert.Throws<ArgumentException>(() => TableFilter.FormatLiteral(new DateTime(2025, 1, 1)));
    }
}
