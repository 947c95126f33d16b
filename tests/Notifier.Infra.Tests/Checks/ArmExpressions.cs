namespace Notifier.Infra.Tests.Checks;

/// <summary>The ARM template expressions a deployment snapshot leaves for what only the deployment knows.</summary>
internal static class ArmExpressions
{
    /// <summary>
    /// Whether <paramref name="expression"/> is exactly a runtime property of resource <paramref name="resourceId"/>:
    /// <c>[reference('&lt;resourceId&gt;', '&lt;api version&gt;'[, 'full']).&lt;path&gt;]</c>.
    /// </summary>
    public static bool IsPropertyOf(string expression, string resourceId, string path) =>
        expression.StartsWith($"[reference('{resourceId}', '", StringComparison.OrdinalIgnoreCase)
        && expression.EndsWith($").{path}]", StringComparison.Ordinal)
        && expression.Count(c => c == '(') == 1;

    /// <summary>Whether <paramref name="expression"/> uses a runtime property of <paramref name="resourceId"/> anywhere.</summary>
    public static bool Mentions(string expression, string resourceId) =>
        expression.Contains($"reference('{resourceId}', '", StringComparison.OrdinalIgnoreCase);
}
