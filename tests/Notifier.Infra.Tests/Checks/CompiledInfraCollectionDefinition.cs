namespace Notifier.Infra.Tests.Checks;

/// <summary>The tests that share one compilation of infra/ (<see cref="CompiledInfra"/>).</summary>
[CollectionDefinition(CompiledInfra.Collection)]
public sealed class CompiledInfraCollectionDefinition : ICollectionFixture<CompiledInfra>;
