using Notifier.Functions;

var app = NotifierApplication.Build(args);
await app.RunAsync().ConfigureAwait(false);
