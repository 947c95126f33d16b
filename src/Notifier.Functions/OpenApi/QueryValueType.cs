namespace Notifier.Functions.OpenApi;

/// <summary>The JSON type of a query parameter a route reads itself.</summary>
internal enum QueryValueType
{
    Integer,
    Boolean,
}
