// The tests start whole stacks (each with its own Azurite) on a two-core machine: one at a time keeps timings honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
