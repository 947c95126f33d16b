using Microsoft.Extensions.Options;

namespace Notifier.Functions.Redelivery;

/// <summary>Checks <see cref="RedeliveryOptions"/>' attributes with generated code: no reflection over its properties at start.</summary>
[OptionsValidator]
internal sealed partial class RedeliveryOptionsValidator : IValidateOptions<RedeliveryOptions>;
