using System.Text.Json;
using System.Text.RegularExpressions;

namespace Notifier.Infra.Tests.Checks;

/// <summary>Reads the role assignments of a deployment and checks that the app identity has every role it needs.</summary>
internal static partial class RoleCoverage
{
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    public const string DeclaredIn = "infra/modules/roles.bicep";

    public static IReadOnlyList<RoleAssignment> Read(DeploymentSnapshot snapshot) =>
        snapshot.OfType(RoleAssignmentType)
            .Select(r => new RoleAssignment(
                r.Name,
                ScopeOf(r.Id),
                ScopeTypeOf(r.Id),
                Guid().Matches(r.Text("properties", "roleDefinitionId") ?? "").LastOrDefault()?.Value ?? "",
                r.Text("properties", "principalId") ?? "",
                r.Text("properties", "principalType") ?? ""))
            .ToList();

    /// <summary>
    /// Each role of <paramref name="requiredRoles"/> (role definition id to role) must be assigned to the identity
    /// <paramref name="identityId"/> on a resource of the role's scope type, as a service principal; every assignment
    /// must have a deterministic <c>guid(...)</c> name.
    /// </summary>
    public static IReadOnlyList<string> Check(
        IReadOnlyList<RoleAssignment> assignments,
        IReadOnlyDictionary<string, RequiredRole> requiredRoles,
        string identityId)
    {
        var findings = new List<string>();
        foreach (var (roleId, role) in requiredRoles)
        {
            var forRole = assignments.Where(a => string.Equals(a.RoleDefinitionId, roleId, StringComparison.OrdinalIgnoreCase)).ToList();
            var toApp = forRole.Where(a => ArmExpressions.IsPropertyOf(a.PrincipalId, identityId, "principalId")).ToList();
            if (toApp.Count == 0)
            {
                findings.Add(
                    $"{DeclaredIn} does not assign {role.Name} ({roleId}) to the app identity"
                    + (forRole.Count > 0 ? $" (only to {string.Join(", ", forRole.Select(a => a.PrincipalId))})" : "")
                    + ": add a Microsoft.Authorization/roleAssignments resource for it.");
            }
            else if (!toApp.Any(a => string.Equals(a.ScopeType, role.ScopeType, StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add(
                    $"{DeclaredIn} assigns {role.Name} to the app identity on {string.Join(", ", toApp.Select(a => a.Scope))}, "
                    + $"not on the {role.ScopeType} it needs it for (least privilege: the narrowest resource that works).");
            }
        }

        foreach (var assignment in assignments)
        {
            if (!string.Equals(assignment.PrincipalType, "ServicePrincipal", StringComparison.Ordinal))
            {
                findings.Add(
                    $"{DeclaredIn}: the assignment of role {assignment.RoleDefinitionId} must say principalType: 'ServicePrincipal' "
                    + "(managed identities are service principals; without it new identities hit replication delays).");
            }
        }

        return findings;
    }

    /// <summary>
    /// Role assignments of the compiled template whose name is not <c>guid(...)</c>: a name derived from scope, principal
    /// and role keeps a redeployment from adding a second assignment (which Azure refuses).
    /// </summary>
    public static IReadOnlyList<string> UnstableNames(JsonElement template) =>
        CompiledTemplate.Resources(template, "main.bicep")
            .Where(r => r.Resource.TryGetProperty("type", out var type)
                && string.Equals(type.GetString(), RoleAssignmentType, StringComparison.OrdinalIgnoreCase))
            .Select(r => (r.Where, Name: r.Resource.TryGetProperty("name", out var name) ? name.ToString() : ""))
            .Where(r => !r.Name.StartsWith("[guid(", StringComparison.Ordinal))
            .Select(r => $"{r.Where}: role assignment named '{r.Name}' must be named guid(scope, principal, role).")
            .ToList();

    // The id of an extension resource: '<scope id>/providers/Microsoft.Authorization/roleAssignments/<name>', or where
    // the name is an expression, [extensionResourceId('<scope id>', 'Microsoft.Authorization/roleAssignments', ...)].
    private static string ScopeOf(string id)
    {
        const string Prefix = "[extensionResourceId('";
        const string Extension = "/providers/" + RoleAssignmentType + "/";
        if (id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var end = id.IndexOf('\'', Prefix.Length);
            return end < 0 ? "" : id[Prefix.Length..end];
        }

        var at = id.StartsWith('/') ? id.IndexOf(Extension, StringComparison.OrdinalIgnoreCase) : -1;
        return at < 0 ? "" : id[..at];
    }

    // A scope the snapshot evaluated is a resource id; one it could not (a loop over module outputs) still names its
    // type in resourceId(..., '<type>', ...).
    private static string ScopeTypeOf(string id) =>
        ScopeOf(id) is { Length: > 0 } scope ? ResourceIds.TypeOf(scope)
            : ResourceIdCall().Match(id) is { Success: true } call ? call.Groups["type"].Value
            : "";

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"resourceId\((?:[^'()]|\(\))*'(?<type>Microsoft\.[A-Za-z]+/[A-Za-z/]+)'")]
    private static partial Regex ResourceIdCall();
}
