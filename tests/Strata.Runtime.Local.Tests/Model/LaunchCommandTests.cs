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
}
