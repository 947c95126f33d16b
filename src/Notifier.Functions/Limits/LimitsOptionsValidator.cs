using Microsoft.Extensions.Options;

namespace Notifier.Functions.Limits;

/// <summary>Checks <see cref="LimitsOptions"/>' attributes with generated code: no reflection over its properties at start.</summary>
[OptionsValidator]
internal sealed partial class LimitsOptionsValidator : IValidateOptions<LimitsOptions>;
