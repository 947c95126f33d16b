using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>A role assignment declared in Bicep.</summary>
internal sealed record RoleAssignment(
    string Symbol,
    string? RoleDefinitionId,
    string PrincipalId,
    string PrincipalType,
    string Name);

/// <summary>Reads role assignments out of Bicep and checks that the app identity has every role it needs.</summary>
internal static partial class RoleCoverage
{
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    /// <summary>
    /// Every <c>Microsoft.Authorization/roleAssignments</c> resource of the file. A role given as
    /// <c>roleIds.someRole</c> is resolved through the file's <c>var roleIds = { someRole: 'guid' }</c>.
    /// </summary>
    public static IReadOnlyList<RoleAssignment> Read(BicepSource source)
    {
        var roleVariables = source.OfKind("var")
            .Where(v => v.Value.StartsWith('{'))
            .SelectMany(v => BicepScanner.ObjectProperties(v.Value).Select(p => (Reference: $"{v.Name}.{p.Key}", p.Value)))
            .Where(p => RoleGuid().IsMatch(p.Value))
            .ToDictionary(p => p.Reference, p => RoleGuid().Match(p.Value).Value, StringComparer.Ordinal);

        return source.OfKind("resource")
            .Where(r => r.Target.StartsWith(RoleAssignmentType + "@", StringComparison.OrdinalIgnoreCase) && !r.IsExisting)
            .Select(r =>
            {
                var top = Properties(r.Value);
                var properties = Properties(top.GetValueOrDefault("properties", ""));
                var roleExpression = properties.GetValueOrDefault("roleDefinitionId", "");
                var guid = RoleGuid().Match(roleExpression) is { Success: true } literal
                    ? literal.Value
                    : RoleReference().Matches(roleExpression)
                        .Select(m => roleVariables.GetValueOrDefault(m.Value))
                        .FirstOrDefault(g => g is not null);
                return new RoleAssignment(
                    r.Name,
                    guid?.ToUpperInvariant(),
                    properties.GetValueOrDefault("principalId", ""),
                    properties.GetValueOrDefault("principalType", ""),
                    top.GetValueOrDefault("name", ""));
            })
            .ToList();
    }

    /// <summary>
    /// Each role of <paramref name="requiredRoles"/> (role definition id to role name) must be assigned to
    /// <paramref name="principalExpression"/> as a service principal, with a deterministic <c>guid(...)</c> name.
    /// </summary>
    public static IReadOnlyList<string> Check(
        BicepSource source,
        IReadOnlyDictionary<string, string> requiredRoles,
        string principalExpression)
    {
        var findings = new List<string>();
        var assignments = Read(source);
        foreach (var (roleId, roleName) in requiredRoles)
        {
            var forRole = assignments
                .Where(a => string.Equals(a.RoleDefinitionId, roleId, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (!forRole.Any(a => string.Equals(a.PrincipalId, principalExpression, StringComparison.Ordinal)))
            {
                findings.Add(
                    $"{source.DisplayPath} does not assign {roleName} ({roleId}) to `{principalExpression}`"
                    + (forRole.Count > 0 ? $" (only to {string.Join(", ", forRole.Select(a => $"`{a.PrincipalId}`"))})" : "")
                    + ": add a Microsoft.Authorization/roleAssignments resource for it.");
            }
        }

        foreach (var assignment in assignments)
        {
            if (assignment.RoleDefinitionId is null)
            {
                findings.Add($"{source.DisplayPath}: role assignment '{assignment.Symbol}' has no role definition id this check can read.");
            }

            if (!string.Equals(assignment.PrincipalType, "'ServicePrincipal'", StringComparison.Ordinal))
            {
                findings.Add(
                    $"{source.DisplayPath}: role assignment '{assignment.Symbol}' must say principalType: 'ServicePrincipal' "
                    + "(managed identities are service principals; without it new identities hit replication delays).");
            }

            if (!assignment.Name.StartsWith("guid(", StringComparison.Ordinal))
            {
                findings.Add($"{source.DisplayPath}: role assignment '{assignment.Symbol}' must be named guid(scope, principal, role).");
            }
        }

        return findings;
    }

    private static Dictionary<string, string> Properties(string objectText) =>
        BicepScanner.ObjectProperties(objectText)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex RoleReference();
}
