namespace Notifier.Infra.Tests.Checks;

/// <summary>A role assignment of a deployment snapshot.</summary>
/// <param name="Name">The assignment's name: an ARM expression such as <c>[guid(...)]</c>, or a literal.</param>
/// <param name="Scope">Resource id of the resource the role is assigned on (an expression where the snapshot could not evaluate it).</param>
/// <param name="ScopeType">The type of resource the role is assigned on, for example <c>Microsoft.ServiceBus/namespaces/queues</c>.</param>
/// <param name="RoleDefinitionId">The built-in role's id (the last segment of the role definition's resource id).</param>
/// <param name="PrincipalId">The principal: an id, or an expression such as <c>[reference('&lt;identity id&gt;', ...).principalId]</c>.</param>
/// <param name="PrincipalType">What the principal is (<c>ServicePrincipal</c> for managed identities).</param>
internal sealed record RoleAssignment(string Name, string Scope, string ScopeType, string RoleDefinitionId, string PrincipalId, string PrincipalType);
