using Strata.Runtime.Local.Replicas;
using Strata.Workloads;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class LaunchCommandTests
{
    [Fact]
    public void A_program_in_the_artifact_folder_is_run_from_there_with_command_and_service_arguments()
    {
        var folder = Directory.CreateTempSubdirectory("strata-launch-").FullName;
        File.WriteAllText(Path.Combine(folder, "server"), "");
        try
        {
            var launch = LaunchCommand.From(new Artifact { Directory = folder, Command = ["server", "--a"] }, ["--b"]);

            Assert.Equal(Path.Combine(folder, "server"), launch!.Program);
            Assert.Equal(["--a", "--b"], launch.Arguments);
            Assert.Equal(folder, launch.WorkingDirectory);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_program_not_in_the_folder_is_left_for_path_lookup() =>
        Assert.Equal("dotnet", LaunchCommand.From(new Artifact { Directory = Path.GetTempPath(), Command = ["dotnet", "App.dll"] }, [])!.Program);

    [Fact]
    public void An_artifact_without_a_command_cannot_be_launched() =>
        Assert.Null(LaunchCommand.From(new Artifact { Image = "registry/app:1" }, []));

    [Fact]
    public void With_containers_the_image_runs_by_digest_on_the_host_network_with_the_environment_by_name()
    {
        var digest = "sha256:" + new string('b', 64);
        var containers = new ContainerOptions { InsecureRegistries = ["127.0.0.1:5000"] };

        var launch = LaunchCommand.From(new Artifact { Directory = "/x", Command = ["dotnet", "App.dll"], Image = "127.0.0.1:5000/strata/fn-hello:3", ImageDigest = digest }, ["--b"], containers, "owner1");

        Assert.Equal("podman", launch!.Program);
        var args = launch.Container!.RunArguments("strata-abc", ["PORT", "ASPNETCORE_URLS"], launch.Arguments);
        Assert.Equal(["run", "--rm", "--replace", "--name", "strata-abc", "--network", "host"], args.Take(7));
        Assert.Contains("--tls-verify=false", args);
        Assert.Contains("strata.dev/runtime=owner1", args);
        Assert.Equal(["--env", "ASPNETCORE_URLS", "--env", "PORT", $"127.0.0.1:5000/strata/fn-hello@{digest}", "--b"], args.TakeLast(6));
        Assert.Equal(containers.RunArguments, args.Skip(args.ToList().IndexOf("--tls-verify=false") + 1).Take(containers.RunArguments.Count));
    }

    [Theory]
    [InlineData("256Mi", null, "500m", new[] { "--memory", "268435456", "--cpus", "0.5" })]
    [InlineData(null, "1Gi", "2", new[] { "--memory", "1073741824", "--cpus", "2" })]
    [InlineData(null, null, "1500m", new[] { "--cpus", "1.5" })]
    [InlineData("lots", null, "x", new string[0])]
    public void With_containers_the_services_limits_go_to_podman(string? memoryLimit, string? memory, string? cpuLimit, string[] expected)
    {
        var resources = new ResourceRequirements { MemoryLimit = memoryLimit, Memory = memory, CpuLimit = cpuLimit, Cpu = "100m" };

        var launch = LaunchCommand.From(new Artifact { Image = "127.0.0.1:5000/strata/fn-hello:3", ImageDigest = "sha256:" + new string('d', 64) }, [], new ContainerOptions(), "o", resources);

        var args = launch!.Container!.RunArguments("n", [], []).ToList();
        var runArguments = new ContainerOptions().RunArguments;
        var after = args.IndexOf(runArguments[^1]) + 1;
        Assert.Equal(expected, args.Skip(after).Take(expected.Length));
        Assert.Equal(expected.Length / 2, args.Count(a => a is "--memory" or "--cpus"));
    }

    [Fact]
    public void With_containers_registry_credentials_are_passed_as_an_auth_file_never_as_values()
    {
        var launch = LaunchCommand.From(new Artifact { Image = "127.0.0.1:5000/strata/fn-hello:3", ImageDigest = "sha256:" + new string('e', 64) }, [], new ContainerOptions { AuthFile = "/data/registry-auth.json" });

        var args = launch!.Container!.RunArguments("n", [], []).ToList();

        Assert.Equal("/data/registry-auth.json", args[args.IndexOf("--authfile") + 1]);
        Assert.DoesNotContain("--creds", args);
        Assert.DoesNotContain("--authfile", LaunchCommand.From(new Artifact { Image = "r/x:1", ImageDigest = "sha256:" + new string('e', 64) }, [], new ContainerOptions())!.Container!.RunArguments("n", [], []));
    }

    [Fact]
    public void With_containers_a_registry_not_named_insecure_is_pulled_over_tls()
    {
        var launch = LaunchCommand.From(new Artifact { Image = "ghcr.io/acme/fn:3", ImageDigest = "sha256:" + new string('c', 64) }, [], new ContainerOptions { InsecureRegistries = ["127.0.0.1:5000"] });

        Assert.DoesNotContain("--tls-verify=false", launch!.Container!.RunArguments("n", [], []));
    }

    [Fact]
    public void With_containers_an_artifact_without_an_image_digest_says_how_to_get_one()
    {
        var artifact = new Artifact { Directory = "/x", Command = ["dotnet", "App.dll"], Image = "127.0.0.1:5000/strata/fn:1" };

        Assert.Null(LaunchCommand.From(artifact, [], new ContainerOptions()));
        Assert.Contains("Strata:Registry:Address", LaunchCommand.Problem(artifact, [], new ContainerOptions()), StringComparison.Ordinal);
        Assert.Null(LaunchCommand.Problem(artifact, [], containers: null));
    }
}
