namespace Notifier.Publisher;

/// <summary>One broken field, named as the service names it (<c>to.users[3]</c>, <c>[2].title</c>).</summary>
/// <param name="Field">The field.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record NotificationFieldError(string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"'{Field}' {Message}";
}
