using Microsoft.Extensions.Options;

namespace Notifier.Functions.Identity;

/// <summary>Checks <see cref="UsersOptions"/>' attributes with generated code: no reflection over its properties at start.</summary>
[OptionsValidator]
internal sealed partial class UsersOptionsValidator : IValidateOptions<UsersOptions>;
