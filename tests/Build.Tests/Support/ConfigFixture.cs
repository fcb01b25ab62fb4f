namespace Deploy.Build.Tests.Support;

/// <summary>A small repository layout with a valid deploy.yml, for config and preflight tests.</summary>
public sealed class ConfigFixture : IDisposable
{
    public const string ValidYaml = """
        project: shop
        region: ap-northeast-1
        images:
          - name: api
            context: app/api
          - name: web
            context: app/web
            dockerfile: web.Dockerfile
            buildArgs:
              NODE_ENV: production
        services:
          - name: api
            image: api
            port: 3001
          - name: web
            image: web
            port: 3000
            healthPath: /health
        staticSites:
          - name: web
            source: app/web/dist
            cache:
              - glob: "assets/**"
                cacheControl: "public, max-age=31536000, immutable"
        migrations:
          image: api
          command: [/app/bin/migrate]
        environments:
          local:
            iacDir: infra/local
          staging:
            accountId: "111111111111"
            iacDir: infra/staging
            branch: staging
        """;

    public ConfigFixture()
    {
        Dir.Write("app/api/Dockerfile", "FROM scratch\n");
        Dir.Write("app/web/web.Dockerfile", "FROM scratch\n");
        Dir.Write("app/web/dist/index.html", "<html></html>\n");
        Directory.CreateDirectory(System.IO.Path.Combine(Dir.Path, "infra/local"));
        Directory.CreateDirectory(System.IO.Path.Combine(Dir.Path, "infra/staging"));
    }

    public TempDir Dir { get; } = new();

    public string Root => Dir.Path;

    public string WriteConfig(string yaml) => Dir.Write("deploy.yml", yaml);

    public void Dispose() => Dir.Dispose();
}
