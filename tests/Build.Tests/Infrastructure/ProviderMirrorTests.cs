using Deploy.Build.Tests.Support;
using Deploy.Build.Tools.Terraform;

namespace Deploy.Build.Tests.Infrastructure;

/// <summary>Where the pipeline finds a Terraform provider mirror when TF_PROVIDER_MIRROR is unset.</summary>
public sealed class ProviderMirrorTests : IDisposable
{
    private static readonly string[] Aws = ["hashicorp/aws"];
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Mirror(string relative, params string[] providers)
    {
        var root = Path.Combine(_dir.Path, relative);
        foreach (var provider in providers)
        {
            Directory.CreateDirectory(Path.Combine(root, "registry.terraform.io", provider, "5.100.0", "linux_amd64"));
        }

        Directory.CreateDirectory(root);
        return root;
    }

    [Fact]
    public void The_usual_places_are_terraforms_implied_mirrors_then_opt_tf_plugins()
    {
        var home = Path.Combine(_dir.Path, "home");
        var places = ProviderMirrors.UsualPlaces(name => name == "HOME" ? home : null);

        Assert.Equal(
            [
                Path.Combine(home, ".local/share/terraform/plugins"), "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins",
                Path.Combine(home, ".terraform.d/plugins"), "/opt/tf-plugins",
            ],
            places);
    }

    [Fact]
    public void XDG_variables_move_the_implied_mirrors()
    {
        var places = ProviderMirrors.UsualPlaces(name => name switch
        {
            "HOME" => "/home/u",
            "XDG_DATA_HOME" => "/data",
            "XDG_DATA_DIRS" => "/a:/b",
            _ => null,
        });

        Assert.Equal(["/data/terraform/plugins", "/a/terraform/plugins", "/b/terraform/plugins", "/home/u/.terraform.d/plugins", "/opt/tf-plugins"], places);
    }

    [Fact]
    public void The_first_place_holding_every_provider_wins_and_the_log_line_says_where_it_came_from()
    {
        var onlyRandom = Mirror("xdg", "hashicorp/random");
        var withAws = Mirror("terraform.d", "hashicorp/aws");
        var later = Mirror("opt", "hashicorp/aws");

        var choice = ProviderMirrors.Choose(null, [Path.Combine(_dir.Path, "missing"), onlyRandom, withAws, later], Aws);

        Assert.Equal(withAws, choice.Path);
        Assert.Equal($"Terraform providers from the mirror {withAws} (found in the usual places; TF_PROVIDER_MIRROR is unset)", choice.Line);
    }

    [Fact]
    public void A_place_missing_one_of_the_roots_providers_is_passed_over()
    {
        var partial = Mirror("partial", "hashicorp/aws");
        var full = Mirror("full", "hashicorp/aws", "jianyuan/sentry");

        Assert.Equal(full, ProviderMirrors.Find([partial, full], ["hashicorp/aws", "jianyuan/sentry"]));
    }

    [Fact]
    public void The_variable_wins_over_the_usual_places_and_must_be_a_mirror()
    {
        var set = Mirror("set", "hashicorp/aws");
        var usual = Mirror("usual", "hashicorp/aws");

        Assert.Equal(set, ProviderMirrors.Choose(set, [usual], Aws).Path);
        var ex = Assert.Throws<InvalidOperationException>(() => ProviderMirrors.Choose(_dir.Path, [usual], Aws));
        Assert.Equal($"TF_PROVIDER_MIRROR={_dir.Path} has no registry.terraform.io folder: point it at the mirror's root.", ex.Message);
    }

    [Fact]
    public void No_mirror_anywhere_means_the_registry_and_offline_that_is_one_line_naming_the_variable()
    {
        var places = new[] { Path.Combine(_dir.Path, "a"), Path.Combine(_dir.Path, "b") };

        var choice = ProviderMirrors.Choose(null, places, Aws);
        var offline = ProviderMirrors.NoMirrorOffline(Aws, places);

        Assert.Null(choice.Path);
        Assert.StartsWith("Terraform providers from registry.terraform.io (no mirror in ", choice.Line, StringComparison.Ordinal);
        Assert.Equal(
            $"No Terraform provider mirror holds hashicorp/aws (looked in {places[0]}, {places[1]}) and registry.terraform.io is unreachable: set TF_PROVIDER_MIRROR to the folder holding registry.terraform.io.",
            offline);
        Assert.DoesNotContain('\n', offline);
    }

    [Fact]
    public void A_roots_providers_are_read_from_its_required_providers()
    {
        _dir.Write("root/versions.tf", """
            terraform {
              required_providers {
                aws = {
                  source  = "hashicorp/aws"
                  version = "~> 5.100"
                }
                sentry = {
                  source = "registry.terraform.io/jianyuan/sentry"
                }
              }
            }
            module "vpc" {
              source = "terraform-aws-modules/vpc/aws"
            }
            module "net" {
              source = "../../modules/network"
            }
            """);

        Assert.Equal(["hashicorp/aws", "jianyuan/sentry"], ProviderMirrors.RequiredBy(Path.Combine(_dir.Path, "root")));
        Assert.Equal(["hashicorp/aws"], ProviderMirrors.RequiredBy(Path.Combine(_dir.Path, "none")));
        Assert.Equal(["hashicorp/aws"], ProviderMirrors.RequiredBy(Repo.PathOf("infra/terraform/envs/local")));
    }
}
