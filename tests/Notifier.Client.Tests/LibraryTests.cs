using Notifier.Client.Tests.Infrastructure;

namespace Notifier.Client.Tests;

/// <summary>The npm package without a stack: browser-safe sources, package.json, declarations, backoff, options, HTTP errors.</summary>
public sealed class LibraryTests
{
    [Fact]
    public Task PackageIsBrowserSafeTypedAndDependencyFree() => ClientScript.RunAsync("library.mjs");
}
