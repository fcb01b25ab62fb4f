using Deploy.Build.Configuration;
using Deploy.Build.LocalCloud.DataPlane;
using Deploy.Build.Steps.Infrastructure;

namespace Deploy.Build.Steps.Smoke;

/// <summary>What to check after a deploy: locally each service where the data plane runs it; on AWS through CloudFront.</summary>
public static class SmokeChecks
{
    public static IReadOnlyList<SmokeCheck> Local(DeployConfig config, LocalServiceState services)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(services);
        var checks = new List<SmokeCheck>();
        foreach (var service in config.Services)
        {
            var endpoint = services.Find(service.Name)
                           ?? throw new InvalidOperationException($"service {service.Name} is not running on the local data plane (no entry in {services.FilePath}): run DeployServices");
            checks.Add(new SmokeCheck($"{service.Name} health", new Uri(endpoint.Url + service.HealthPath)));
            if (config.StaticSites.Any(s => s.Name == service.Name))
            {
                checks.Add(new SmokeCheck($"{service.Name} index.html", new Uri(endpoint.Url + "/"), "<html"));
            }
        }

        return checks;
    }

    public static IReadOnlyList<SmokeCheck> Aws(DeployConfig config, InfraOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(outputs);
        var site = new Uri($"https://{outputs.CloudFrontDomainName}");
        var checks = new List<SmokeCheck> { new("site index.html", site, "<html") };
        var api = config.Services.FirstOrDefault(s => s.Name == "api");
        if (api is not null)
        {
            checks.Add(new SmokeCheck("api health", new Uri(site, "/api" + api.HealthPath)));
        }

        return checks;
    }
}
