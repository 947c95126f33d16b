namespace Notifier.Infra.Tests.Checks;

/// <summary>A built-in role the app identity needs: its name and the type of resource it must be assigned on.</summary>
internal sealed record RequiredRole(string Name, string ScopeType);
