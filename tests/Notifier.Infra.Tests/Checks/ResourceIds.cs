namespace Notifier.Infra.Tests.Checks;

/// <summary>Azure resource ids, <c>/subscriptions/.../providers/Namespace/type/name/childType/childName</c>.</summary>
internal static class ResourceIds
{
    /// <summary>The resource type an id names, for example <c>Microsoft.ServiceBus/namespaces/queues</c>; empty if none.</summary>
    public static string TypeOf(string id)
    {
        const string Providers = "/providers/";
        var at = id.LastIndexOf(Providers, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return "";
        }

        var segments = id[(at + Providers.Length)..].Split('/');
        if (segments.Length < 3)
        {
            return "";
        }

        // Namespace, then type/name pairs.
        return segments[0] + string.Concat(segments.Skip(1).Where((_, i) => i % 2 == 0).Select(type => "/" + type));
    }
}
