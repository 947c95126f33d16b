using System.Diagnostics;
using System.Net;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// What a cold start without exporter settings loads: the app runs as its own process (as the host starts it), serves
/// its health route and a publish, and its memory map is read for OpenTelemetry's and Azure Monitor's assemblies. With
/// an exporter configured the same check finds them, so it can tell the two apart.
/// </summary>
public sealed class ColdStartLoadTests
{
    [Fact]
    public async Task Without_exporter_settings_no_OpenTelemetry_assembly_is_loaded()
    {
        var mapped = await MappedAssembliesAfterTrafficAsync(new Dictionary<string, string>());

        Assert.Contains(mapped, path => path.EndsWith("Notifier.Functions.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(mapped, path => Path.GetFileName(path).StartsWith("OpenTelemetry", StringComparison.Ordinal));
        Assert.DoesNotContain(mapped, path => Path.GetFileName(path).StartsWith("Azure.Monitor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_sdk_is_loaded()
    {
        var mapped = await MappedAssembliesAfterTrafficAsync(new Dictionary<string, string>
        {
            // Nothing listens there: the exporter's failures are its own, and nothing leaves the machine.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{EmulatorServer.FreePort()}",
        });

        Assert.Contains(mapped, path => Path.GetFileName(path) == "OpenTelemetry.dll");
    }

    private static async Task<IReadOnlyList<string>> MappedAssembliesAfterTrafficAsync(Dictionary<string, string> extra)
    {
        var port = EmulatorServer.FreePort();
        var app = Path.Combine(AppContext.BaseDirectory, "Notifier.Functions.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(app);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");

        // Storage and Web PubSub on a closed port: the publish answers 503 after running every instrumented step up to storage.
        foreach (var (key, value) in StackSettings.For("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;", new Uri("http://127.0.0.1:9")))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in extra)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("APPLICATIONINSIGHTS_CONNECTION_STRING");
        if (!extra.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"))
        {
            start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        }

        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var healthy = false;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!healthy && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    healthy = (await http.GetAsync("api/health")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(healthy, "The app did not answer /api/health within 30 seconds.");
            using var publish = new HttpRequestMessage(HttpMethod.Post, "api/notifications") { Content = new StringContent("""{"to":{"users":["alice"]},"title":"Hi"}""", System.Text.Encoding.UTF8, "application/json") };
            publish.Headers.Add("X-Api-Key", StackSettings.ApiKey);
            using var answer = await http.SendAsync(publish);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);

            var maps = await File.ReadAllLinesAsync($"/proc/{process.Id}/maps");
            return [.. maps.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(parts => parts.Length >= 6 && parts[5].EndsWith(".dll", StringComparison.Ordinal)).Select(parts => parts[5]).Distinct()];
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
