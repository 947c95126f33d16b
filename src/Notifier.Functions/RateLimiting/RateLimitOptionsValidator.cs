using Microsoft.Extensions.Options;

namespace Notifier.Functions.RateLimiting;

/// <summary>Checks <see cref="RateLimitOptions"/>' attributes with generated code: no reflection over its properties at start.</summary>
[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
