using System.Text.Json;
using Notifier.Infra.Tests.Checks;

namespace Notifier.Infra.Tests;

/// <summary>
/// The <c>transport</c> parameter deploys exactly one service for the client connections: Web PubSub (production,
/// the default) or SignalR Service in serverless mode (the every-option deployment), with the app settings, the
/// upstream and the identity-based access that go with it.
/// </summary>
[Collection(CompiledInfra.Collection)]
public sealed class TransportTests(CompiledInfra infra)
{
    internal const string WebPubSubType = "Microsoft.SignalRService/webPubSub";
    internal const string SignalRType = "Microsoft.SignalRService/signalR";

    [Fact]
    public void Production_IsWebPubSub_AndDeploysNoSignalRService()
    {
        var deployment = infra.Production;
        var settings = Settings(deployment);

        Assert.Equal("WebPubSub", settings["Notifier__Transport"]);
        Assert.Single(deployment.OfType(WebPubSubType));
        Assert.Single(deployment.OfType(FunctionBindingDriftTests.HubType));
        Assert.Empty(deployment.OfType(SignalRType));
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("SignalR", StringComparison.Ordinal));
    }

    [Fact]
    public void SignalRTransport_DeploysSignalRService_AndNoWebPubSub()
    {
        var deployment = infra.EveryOption;
        var settings = Settings(deployment);
        var signalR = SignalR(deployment).Id;
        var identity = deployment.Single(DeploymentTests.IdentityType).Id;
        var sampleHub = LocalSettingsSample.Read().Single(s => s.Key == "SignalRHub").Value;

        Assert.Equal("SignalR", settings["Notifier__Transport"]);
        Assert.Empty(deployment.OfType(WebPubSubType));
        Assert.Empty(deployment.OfType(FunctionBindingDriftTests.HubType));
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("WebPubSub", StringComparison.Ordinal));

        // Identity-based, like every other connection: the service's host name, the app identity, no key.
        Assert.Equal($"[format('https://{{0}}', reference('{signalR}', '2024-03-01').hostName)]", settings["SignalRConnection__serviceUri"]);
        Assert.Equal("managedidentity", settings["SignalRConnection__credential"]);
        Assert.True(ArmExpressions.IsPropertyOf(settings["SignalRConnection__clientId"], identity, "clientId"));
        Assert.DoesNotContain("SignalRConnection", settings.Keys);
        Assert.Equal(sampleHub, settings["SignalRHub"]);
        Assert.Equal(sampleHub, Assert.Single(Upstreams(deployment)).GetProperty("hubPattern").GetString());
    }

    [Fact]
    public void SignalRService_IsServerless_WithoutKeys_WithItsOwnIdentity()
    {
        // main.bicep deploys the resource twice (before the app without the upstream, after it with): both must agree.
        var deployments = infra.EveryOption.OfType(SignalRType).ToList();

        Assert.Equal(2, deployments.Count);
        Assert.Single(deployments.Select(d => d.Id).Distinct(StringComparer.Ordinal));
        Assert.All(deployments, signalR =>
        {
            Assert.Equal("SignalR", signalR.Text("kind"));
            var features = signalR.At("properties", "features")!.Value.EnumerateArray()
                .ToDictionary(f => f.GetProperty("flag").GetString()!, f => f.GetProperty("value").GetString(), StringComparer.Ordinal);
            Assert.Equal("Serverless", features["ServiceMode"]);
            Assert.True(signalR.At("properties", "disableLocalAuth")?.GetBoolean());
            Assert.False(signalR.At("properties", "disableAadAuth")?.GetBoolean());
            Assert.Equal("SystemAssigned", signalR.Text("identity", "type"));
            Assert.Equal("Standard_S1", signalR.Text("sku", "name"));
        });
        Assert.Empty(deployments[0].At("properties", "upstream", "templates")!.Value.EnumerateArray());
    }

    [Fact]
    public void SignalRUpstream_IsTheAppsOwnRoute_WithTheServiceIdentitysToken()
    {
        var deployment = infra.EveryOption;
        var settings = Settings(deployment);
        var site = deployment.Single(DeploymentTests.SiteType).Id;
        var signalR = SignalR(deployment).Id;
        var function = FunctionBinding.ReadAll().Single(b => b.FunctionName == "signalr" && b.Type == "httpTrigger");
        var route = JsonDocument.Parse(Repository.ReadText($"{FunctionBinding.FunctionsFolder}/signalr/function.json"))
            .RootElement.GetProperty("bindings")[0].GetProperty("route").GetString()!;
        var upstream = Assert.Single(Upstreams(deployment));

        Assert.Equal("in", function.Direction);
        Assert.Equal("signalr/{category}/{event}", route);
        var url = upstream.GetProperty("urlTemplate").GetString()!;
        // ARM's format() escapes the literal braces of SignalR's URL template placeholders.
        var escapedRoute = route.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        Assert.StartsWith($"[format('https://{{0}}/api/{escapedRoute}', ", url, StringComparison.Ordinal);
        Assert.True(ArmExpressions.Mentions(url, site) && url.EndsWith(".defaultHostName)]", StringComparison.Ordinal), $"{url} is not the function app's host name.");
        Assert.Equal("*", upstream.GetProperty("categoryPattern").GetString());
        Assert.Equal("*", upstream.GetProperty("eventPattern").GetString());

        // SignalR Service asks Entra ID for a token of the event-handler audience; the app accepts exactly that
        // audience from exactly the service's identity (the same Notifier:EventHandler settings as Web PubSub's).
        var auth = upstream.GetProperty("auth");
        Assert.Equal("ManagedIdentity", auth.GetProperty("type").GetString());
        Assert.Equal(CompiledInfra.EventHandlerAudience, auth.GetProperty("managedIdentity").GetProperty("resource").GetString());
        Assert.Equal(CompiledInfra.EventHandlerAudience, settings["Notifier__EventHandler__Audience"]);
        Assert.False(string.IsNullOrEmpty(settings["Notifier__EventHandler__Authority"]));
        Assert.True(
            ArmExpressions.IsPropertyOf(settings["Notifier__EventHandler__CallerObjectId"], signalR, "identity.principalId"),
            $"Notifier__EventHandler__CallerObjectId = {settings["Notifier__EventHandler__CallerObjectId"]} is not the SignalR Service identity.");
    }

    [Fact]
    public void SignalRRoles_AreOnTheSignalRService_WithTheirBuiltInIds()
    {
        var deployment = infra.EveryOption;
        var identity = deployment.Single(DeploymentTests.IdentityType).Id;
        var signalR = SignalR(deployment).Id;

        var roles = RoleCoverage.Read(deployment)
            .Where(a => ArmExpressions.IsPropertyOf(a.PrincipalId, identity, "principalId") && a.Scope == signalR)
            .Select(a => a.RoleDefinitionId)
            .Order(StringComparer.Ordinal);

        // SignalR App Server, SignalR REST API Owner.
        Assert.Equal(["420fcaa2-552c-430f-98ca-3264be4806c7", "fd53cd77-2268-407a-8f46-7e7863d0f521"], roles);
        Assert.DoesNotContain(RoleCoverage.Read(infra.Production), a => RoleAssignmentTests.SignalRRoles.ContainsKey(a.RoleDefinitionId));
    }

    /// <summary>Whether <paramref name="deployment"/> runs the app on SignalR Service (its Notifier__Transport setting).</summary>
    internal static bool IsSignalR(DeploymentSnapshot deployment) =>
        deployment.AppSettings.SingleOrDefault(s => s.Key == "Notifier__Transport")?.Value == "SignalR";

    private static DeployedResource SignalR(DeploymentSnapshot deployment) => deployment.OfType(SignalRType).Last();

    private static List<JsonElement> Upstreams(DeploymentSnapshot deployment) =>
        [.. SignalR(deployment).At("properties", "upstream", "templates")!.Value.EnumerateArray()];

    private static Dictionary<string, string> Settings(DeploymentSnapshot deployment) =>
        deployment.AppSettings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
}
