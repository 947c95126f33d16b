using Microsoft.Extensions.Options;

namespace Notifier.Functions.Identity;

/// <summary>Adapts a function listing failures to <see cref="IValidateOptions{TOptions}"/>, so every failure is reported at start.</summary>
internal sealed class DelegateValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private readonly Func<TOptions, IEnumerable<string>> _validate;

    public DelegateValidator(Func<TOptions, IEnumerable<string>> validate)
    {
        _validate = validate;
    }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = _validate(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
