namespace Notifier.Functions.OpenApi;

/// <summary>
/// What a route's signature cannot say, told next to the route: query parameters it reads itself, headers of its
/// answers, examples. Each is plain endpoint metadata, read by <see cref="OperationDocsTransformer"/> only when the
/// document is generated, so the running app never loads the OpenAPI libraries for them.
/// </summary>
internal static class OperationDocs
{
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, string name, QueryValueType type, string description) =>
        builder.WithMetadata(new QueryDoc(name, type, description));

    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string header, string description) =>
        builder.WithMetadata(new ResponseHeaderDoc(status, header, description));

    /// <summary>Describes an answer and gives an example of its body (JSON text).</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder builder, int status, string description, string? example = null) =>
        builder.WithMetadata(new ResponseExampleDoc(status, description, example));

    /// <summary>
    /// Documents a JSON body the route reads itself. Not <c>Accepts</c>: that is also routing metadata, and routing would
    /// then refuse other content types with a bare 415 before the route could answer with problem details.
    /// </summary>
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder, string description, bool oneOrArray = false) =>
        builder.WithMetadata(new JsonBodyDoc(typeof(TBody), description, oneOrArray));

    /// <summary>An answer whose body is one of several types (a publish's 202: one notification or a batch).</summary>
    public static RouteHandlerBuilder WithResponseOneOf(this RouteHandlerBuilder builder, int status, params Type[] types) =>
        builder.WithMetadata(new ResponseOneOfDoc(status, types));

    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string example) =>
        builder.WithMetadata(new RequestExampleDoc(example));
}
