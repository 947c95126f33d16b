using System.Globalization;
using System.Text.Json;
using Notifier.Emulator.Connections;

namespace Notifier.Emulator.DataPlane;

internal sealed partial class DataPlaneHandlers
{
    /// <summary><c>HEAD /api/hubs/{hub}/groups/{group}</c>: 200 when the group has a connection, else 404.</summary>
    public IResult GroupExists(HttpContext context, string hub, string group)
    {
        group = RouteSegments.Exact(context, nameof(group), group);
        return ValidateGroup(group) ?? (FindHub(hub)?.GroupExists(group) == true ? Ok : NotFound);
    }

    /// <summary>
    /// <c>GET /api/hubs/{hub}/groups/{group}/connections</c> (<c>maxpagesize</c> 1–200, <c>top</c>, <c>continuationToken</c>):
    /// a page and an absolute <c>nextLink</c> that carries the same api-version and the remaining <c>top</c>.
    /// </summary>
    public IResult ListGroupConnections(HttpContext context, string hub, string group)
    {
        group = RouteSegments.Exact(context, nameof(group), group);
        if (ValidateGroup(group) is { } groupError)
        {
            return groupError;
        }

        var query = context.Request.Query;
        if (!QueryParameters.TryGetInt(query, "maxpagesize", 1, GroupMembersPage.MaxPageSize, out var maxPageSize, out var error)
            || !QueryParameters.TryGetInt(query, "top", 1, int.MaxValue, out var top, out error)
            || !QueryParameters.TryGetSingle(query, "continuationToken", out var continuation, out error))
        {
            return error!;
        }

        string? after = null;
        if (!string.IsNullOrEmpty(continuation) && !GroupMembersPage.TryDecodeToken(continuation, out after))
        {
            return DataPlaneError.BadRequest("continuationToken", "The continuation token is not one this service issued.");
        }

        var pageSize = maxPageSize ?? GroupMembersPage.DefaultPageSize;
        var (page, hasMore) = GroupMembersPage.Take(FindHub(hub)?.GroupConnections(group) ?? [], after, pageSize, top);
        string? nextLink = null;
        if (hasMore)
        {
            var next = new List<KeyValuePair<string, string?>>
            {
                new("api-version", query["api-version"].FirstOrDefault() ?? ApiVersions.Latest),
                new("maxpagesize", pageSize.ToString(CultureInfo.InvariantCulture)),
                new("continuationToken", GroupMembersPage.EncodeToken(page[^1].ConnectionId)),
            };
            if (top is int total)
            {
                next.Add(new("top", (total - page.Count).ToString(CultureInfo.InvariantCulture)));
            }

            nextLink = RequestUrl.Origin(context.Request) + RequestUrl.Path(context.Request) + QueryString.Create(next).ToUriComponent();
        }

        return Results.Bytes(GroupMembersPage.Write(page, nextLink), "application/json; charset=utf-8");
    }

    /// <summary><c>PUT /api/hubs/{hub}/groups/{group}/connections/{connectionId}</c>: 200, or 404 when the connection is not open.</summary>
    public IResult AddConnectionToGroup(HttpContext context, string hub, string group, string connectionId)
    {
        group = RouteSegments.Exact(context, nameof(group), group);
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        if ((ValidateGroup(group) ?? ValidateConnectionId(connectionId)) is { } error)
        {
            return error;
        }

        if (FindHub(hub) is not { } found || !found.TryGetConnection(connectionId, out var connection))
        {
            return DataPlaneError.ConnectionNotFound(connectionId);
        }

        // False means already a member, or ended meanwhile: only the latter is "not found".
        if (!found.AddToGroup(connection, group) && connection.IsEnded)
        {
            return DataPlaneError.ConnectionNotFound(connectionId);
        }

        Log.GroupsChanged(_logger, hub, "add to group " + group, connectionId, 1);
        return Ok;
    }

    /// <summary><c>DELETE /api/hubs/{hub}/groups/{group}/connections/{connectionId}</c>: 204 even when absent.</summary>
    public IResult RemoveConnectionFromGroup(HttpContext context, string hub, string group, string connectionId)
    {
        group = RouteSegments.Exact(context, nameof(group), group);
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        if ((ValidateGroup(group) ?? ValidateConnectionId(connectionId)) is { } error)
        {
            return error;
        }

        if (FindHub(hub) is { } found && found.TryGetConnection(connectionId, out var connection))
        {
            found.RemoveFromGroup(connection, group);
            Log.GroupsChanged(_logger, hub, "remove from group " + group, connectionId, 1);
        }

        return NoContent;
    }

    /// <summary><c>POST /api/hubs/{hub}/:addToGroups</c> with <c>{"groups":[…],"filter":"…"}</c>: 200.</summary>
    public Task<IResult> AddConnectionsToGroupsAsync(HttpContext context, string hub) => ChangeGroupsByFilterAsync(context, hub, add: true);

    /// <summary><c>POST /api/hubs/{hub}/:removeFromGroups</c> with <c>{"groups":[…],"filter":"…"}</c>: 200.</summary>
    public Task<IResult> RemoveConnectionsFromGroupsAsync(HttpContext context, string hub) => ChangeGroupsByFilterAsync(context, hub, add: false);

    private async Task<IResult> ChangeGroupsByFilterAsync(HttpContext context, string hubName, bool add)
    {
        var (body, bodyError) = await MessageBodyReader.ReadJsonAsync(context.Request, _options.CurrentValue.MaxMessageSize, context.RequestAborted).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (!TryReadGroupsRequest(body!, out var groups, out var filter, out var error)
            || !ConnectionSelector.TryCreate([], filter, out var selector, out error))
        {
            return error!;
        }

        var changes = 0;
        if (FindHub(hubName) is { } hub)
        {
            // Match first, then change: a filter on groups must see the membership as it was when the request came.
            var matched = new List<ClientConnection>();
            foreach (var connection in hub.AllConnections)
            {
                if (selector!.Predicate is null || selector.Predicate(connection))
                {
                    matched.Add(connection);
                }
            }

            foreach (var connection in matched)
            {
                foreach (var group in groups)
                {
                    changes += (add ? hub.AddToGroup(connection, group) : hub.RemoveFromGroup(connection, group)) ? 1 : 0;
                }
            }
        }

        Log.GroupsChanged(_logger, hubName, add ? "add to groups" : "remove from groups", filter ?? "all connections", changes);
        return Ok;
    }

    /// <summary>The body of the bulk operations: <c>groups</c> (required, non-empty, valid names) and an optional <c>filter</c>.</summary>
    private static bool TryReadGroupsRequest(byte[] body, out string[] groups, out string? filter, out DataPlaneError? error)
    {
        groups = [];
        filter = null;
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            error = DataPlaneError.BadRequest("Request", "The body is not valid JSON.");
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = DataPlaneError.BadRequest("Request", "The body must be a JSON object: {\"groups\":[...],\"filter\":\"...\"}.");
                return false;
            }

            JsonElement? groupsElement = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("groups"u8) || string.Equals(property.Name, "groups", StringComparison.OrdinalIgnoreCase))
                {
                    groupsElement = property.Value;
                }
                else if (string.Equals(property.Name, "filter", StringComparison.OrdinalIgnoreCase))
                {
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        error = DataPlaneError.BadRequest("filter", "The filter must be a string.");
                        return false;
                    }

                    filter = property.Value.GetString();
                }
            }

            if (groupsElement is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
            {
                error = DataPlaneError.BadRequest("groups", "The body must name at least one group in 'groups'.");
                return false;
            }

            var names = new List<string>(array.GetArrayLength());
            foreach (var item in array.EnumerateArray())
            {
                var name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (ValidateGroup(name, "groups") is { } groupError)
                {
                    error = groupError;
                    return false;
                }

                names.Add(name!);
            }

            groups = [.. names];
            return true;
        }
    }
}
