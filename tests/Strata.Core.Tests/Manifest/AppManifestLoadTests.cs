using Strata.Core.Manifest;

namespace Strata.Core.Tests.Manifest;

public sealed class AppManifestLoadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-manifest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Missing_file_is_one_problem_that_says_how_to_create_one()
    {
        var result = await AppManifestParser.LoadAsync(_directory, CancellationToken.None);

        Assert.Null(result.Manifest);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("strata.yaml", problem.Path);
        Assert.Contains("there is no strata.yaml in", problem.Message, StringComparison.Ordinal);
        Assert.Contains("strata new <vertical> <app>", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_folder_is_the_same_problem()
    {
        var result = await AppManifestParser.LoadAsync(Path.Combine(_directory, "nope"), CancellationToken.None);

        Assert.Equal("strata.yaml", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public async Task Reads_strata_yaml_in_the_folder()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "strata.yaml"), "name: hello\nvertical: functions\n", CancellationToken.None);

        var result = await AppManifestParser.LoadAsync(_directory, CancellationToken.None);

        Assert.True(result.IsValid);
        Assert.Equal("hello", result.Manifest!.Name);
    }
}
