using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// The <c>ce-time</c> check. The service stamps every event when it happens and repeats the stamp on retries, so an
/// event far from now is either a replay or a clock gone wrong; both are refused.
/// </summary>
internal static class EventTime
{
    public static bool IsWithinWindow(string? value, DateTimeOffset now, TimeSpan window, out RequestError error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            error = new RequestError(StatusCodes.Status400BadRequest, "Missing ce-time header.");
            return false;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            error = new RequestError(StatusCodes.Status400BadRequest, "The ce-time header is not an ISO 8601 time.");
            return false;
        }

        if (time < now - window || time > now + window)
        {
            error = new RequestError(StatusCodes.Status400BadRequest, $"The event's ce-time {value} is more than {window} away from this server's time, so it is refused as a possible replay.");
            return false;
        }

        error = default;
        return true;
    }
}
