using Cake.Core.Diagnostics;
using Deploy.Build.Host.Secrets;
using Deploy.Build.Tests.Support;

namespace Deploy.Build.Tests.Secrets;

public sealed class SecretRegistryTests
{
    [Fact]
    public void In_GitHub_Actions_a_secret_is_masked_before_anything_prints_it()
    {
        using var commands = new StringWriter();
        var registry = new SecretRegistry(gitHubActions: true, commands);

        registry.Register("postgres://app:hunter22@db:5432/app");
        registry.Register("postgres://app:hunter22@db:5432/app");

        Assert.Equal("::add-mask::postgres://app:hunter22@db:5432/app" + Environment.NewLine, commands.ToString());
    }

    [Fact]
    public void Outside_GitHub_nothing_is_printed_but_logs_are_redacted()
    {
        using var commands = new StringWriter();
        var registry = new SecretRegistry(gitHubActions: false, commands);
        var inner = new CapturingLog { Verbosity = Verbosity.Normal };
        var log = new RedactingLog(inner, registry);

        registry.Register("s3cr3t-token-value");
        registry.Register("s3cr3t-token-value-longer");
        log.Information("login with {0} and {1} {{braces}}", "s3cr3t-token-value-longer", "s3cr3t-token-value");

        Assert.Empty(commands.ToString());
        Assert.Equal("login with *** and *** {braces}", string.Format(System.Globalization.CultureInfo.InvariantCulture, inner.Lines.Single()));
    }

    [Fact]
    public void Short_values_are_not_treated_as_secrets()
    {
        var registry = new SecretRegistry(gitHubActions: false, TextWriter.Null);

        registry.Register("abc");

        Assert.Equal("abc def", registry.Redact("abc def"));
    }
}
