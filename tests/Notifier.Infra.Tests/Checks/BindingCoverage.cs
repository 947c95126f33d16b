namespace Notifier.Infra.Tests.Checks;

/// <summary>Checks the function.json bindings against what the Bicep deploys.</summary>
internal static class BindingCoverage
{
    /// <summary>Every connection a binding reads must be provided in its identity-based form.</summary>
    public static IReadOnlyList<string> CheckConnections(IReadOnlyList<FunctionBinding> bindings, IReadOnlyList<InfraAppSetting> infra)
    {
        var infraKeys = infra.Select(s => s.NormalizedKey).ToHashSet(StringComparer.Ordinal);
        return bindings
            .Where(b => b.EffectiveConnection is not null)
            .GroupBy(b => b.EffectiveConnection!, StringComparer.Ordinal)
            .SelectMany(g => SettingsCoverage.CheckConnection(g.Key, infraKeys).Select(problem =>
                $"connection '{g.Key}' (function {string.Join(", ", g.Select(b => b.FunctionName).Distinct())}): {problem}"))
            .ToList();
    }

    /// <summary>
    /// Every queue a binding reads or writes must be deployed: Storage queues in <paramref name="storageQueues"/>,
    /// Service Bus queues in <paramref name="serviceBusQueues"/> (both declared in <paramref name="mainPath"/>).
    /// </summary>
    public static IReadOnlyList<string> CheckQueues(
        IReadOnlyList<FunctionBinding> bindings,
        IReadOnlyCollection<string> storageQueues,
        IReadOnlyCollection<string> serviceBusQueues,
        string mainPath)
    {
        var findings = new List<string>();
        foreach (var binding in bindings)
        {
            if (binding.UsesServiceBus && binding.TopicName is not null)
            {
                findings.Add(
                    $"function {binding.FunctionName}: {binding.Type} uses topic '{binding.TopicName}', but the Bicep "
                    + "deploys Service Bus queues only: add the topic and subscription to infra/modules/servicebus.bicep.");
                continue;
            }

            var (deployed, variable) = binding.UsesStorageQueue ? (storageQueues, "storageQueueNames")
                : binding.UsesServiceBus ? (serviceBusQueues, "serviceBusQueueName")
                : (null, null);
            if (deployed is null)
            {
                continue;
            }

            if (binding.QueueName is null or "")
            {
                findings.Add($"function {binding.FunctionName}: {binding.Type} has no queueName.");
            }
            else if (binding.QueueName.Contains('%', StringComparison.Ordinal) || binding.QueueName.Contains('{', StringComparison.Ordinal))
            {
                findings.Add(
                    $"function {binding.FunctionName}: queueName '{binding.QueueName}' is a binding expression, which this "
                    + "check cannot resolve: use a literal queue name.");
            }
            else if (!deployed.Contains(binding.QueueName, StringComparer.Ordinal))
            {
                findings.Add(
                    $"function {binding.FunctionName}: the {binding.Type} binding uses queue '{binding.QueueName}', which {mainPath} does "
                    + $"not deploy: add it to `{variable}` there (deployed: {Describe(deployed)}).");
            }
        }

        return findings;
    }

    private static string Describe(IEnumerable<string> names) =>
        names.Any() ? string.Join(", ", names.Select(n => $"'{n}'")) : "none";
}
