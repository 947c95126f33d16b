using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Connections;
using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// The data-plane operations. Each runs after <see cref="DataPlaneGate"/> and validates everything it reads before it
/// changes or sends anything, so a refused request has no effect. Status codes follow the service's 2024-01-01
/// contract as the official emulator serves it: sends 202 whatever the target, closes and removals 204 even when there
/// is nothing to act on, adding an unknown connection or user 404.
/// </summary>
internal sealed partial class DataPlaneHandlers
{
    /// <summary>The official emulator's reason when a close request gives none.</summary>
    public const string DefaultCloseReason = "Closed by REST API.";

    private static readonly IResult Accepted = Results.StatusCode(StatusCodes.Status202Accepted);
    private static readonly IResult Ok = Results.StatusCode(StatusCodes.Status200OK);
    private static readonly IResult NoContent = Results.StatusCode(StatusCodes.Status204NoContent);
    private static readonly IResult NotFound = Results.StatusCode(StatusCodes.Status404NotFound);

    private readonly HubRegistry _hubs;
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public DataPlaneHandlers(HubRegistry hubs, IOptionsMonitor<EmulatorOptions> options, TimeProvider timeProvider, ILogger logger)
    {
        _hubs = hubs;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Hubs exist implicitly; one nobody has connected to has no connections, so nothing needs creating.</summary>
    private Hub? FindHub(string name) => _hubs.TryGet(name, out var hub) ? hub : null;

    private static DataPlaneError? ValidateGroup(string? group, string target = "group") =>
        WebPubSubNames.IsValidGroup(group)
            ? null
            : DataPlaneError.BadRequest(target, $"'{group}' is not a valid group name: it must have 1 to 1,024 characters and not be only whitespace.");

    private static DataPlaneError? ValidateUserId(string? userId) =>
        string.IsNullOrEmpty(userId) ? DataPlaneError.BadRequest("userId", "The user id must not be empty.") : null;

    private static DataPlaneError? ValidateConnectionId(string? connectionId) =>
        string.IsNullOrEmpty(connectionId) ? DataPlaneError.BadRequest("connectionId", "The connection id must not be empty.") : null;

    /// <summary>
    /// The <c>reason</c> of a close request, or the default. JSON clients get it whole in <c>system/disconnected</c>;
    /// the transport cuts it to what a close frame can carry.
    /// </summary>
    private static string CloseReason(IQueryCollection query) =>
        query["reason"].FirstOrDefault(r => !string.IsNullOrEmpty(r)) ?? DefaultCloseReason;

    private static int Close(ClientConnection[] targets, Func<ClientConnection, bool>? include, string reason)
    {
        var closed = 0;
        foreach (var connection in targets)
        {
            if (include is null || include(connection))
            {
                connection.Close(WebPubSubCloseStatus.Closed, reason);
                closed++;
            }
        }

        return closed;
    }
}
