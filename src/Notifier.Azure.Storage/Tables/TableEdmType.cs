namespace Notifier.Azure.Storage.Tables;

/// <summary>OData EDM type names used in <c>@odata.type</c> annotations.</summary>
internal static class TableEdmType
{
    public const string Int64 = "Edm.Int64";
    public const string Double = "Edm.Double";
    public const string DateTime = "Edm.DateTime";
    public const string Guid = "Edm.Guid";
    public const string Binary = "Edm.Binary";
    public const string Int32 = "Edm.Int32";
    public const string Boolean = "Edm.Boolean";
    public const string String = "Edm.String";
}
