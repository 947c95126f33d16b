using Microsoft.Extensions.Options;

namespace Notifier.Functions.Storage;

/// <summary>Checks <see cref="CleanupOptions"/>' attributes with generated code: no reflection over its properties at start.</summary>
[OptionsValidator]
internal sealed partial class CleanupOptionsValidator : IValidateOptions<CleanupOptions>;
