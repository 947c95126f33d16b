namespace Notifier.Functions.Identity;

/// <summary>A signed-in caller, or why there is none.</summary>
/// <typeparam name="T">The caller type.</typeparam>
/// <param name="Caller">The caller when authenticated.</param>
/// <param name="Error">Why not, safe to show the caller.</param>
internal readonly record struct AuthenticationResult<T>(T? Caller, string? Error)
    where T : class
{
    public static AuthenticationResult<T> Fail(string error) => new(null, error);

    public static AuthenticationResult<T> Success(T caller) => new(caller, null);
}
