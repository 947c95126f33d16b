using Notifier.Functions.Hosting;

var app = NotifierApplication.Build(args);
await app.RunAsync().ConfigureAwait(false);
