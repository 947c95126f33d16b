using Microsoft.AspNetCore.Routing.Patterns;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// Route values decoded exactly as the client encoded them. Kestrel decodes the path before routing but leaves
/// <c>%2F</c> alone, so a user id or group containing <c>/</c> (sent as <c>%2F</c>) and one containing the text
/// <c>%2F</c> (sent as <c>%252F</c>) would both arrive as <c>%2F</c>. The service decodes each segment once, and so do
/// we: the value is read again from the raw request target.
/// </summary>
internal static class RouteSegments
{
    public static string Exact(HttpContext context, string name, string routeValue)
    {
        // Only a '%' left in the routed value can mean the two decodings differ.
        if (!routeValue.Contains('%', StringComparison.Ordinal) || context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return routeValue;
        }

        var pattern = endpoint.RoutePattern.PathSegments;
        var index = -1;
        for (var i = 0; i < pattern.Count; i++)
        {
            if (pattern[i].Parts is [RoutePatternParameterPart parameter] && parameter.Name == name)
            {
                index = i;
                break;
            }
        }

        // Counted from the end, so a path base in front of /api does not matter.
        var raw = RequestUrl.Path(context.Request).TrimEnd('/').Split('/');
        var position = raw.Length - (pattern.Count - index);
        return index < 0 || position < 1 ? routeValue : Uri.UnescapeDataString(raw[position]);
    }
}
