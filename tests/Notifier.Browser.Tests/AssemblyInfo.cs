// The tests start servers, a browser and whole stacks on a two-core machine: one at a time keeps timings honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
