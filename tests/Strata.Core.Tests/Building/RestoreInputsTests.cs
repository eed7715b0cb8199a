using Strata.Building;

namespace Strata.Core.Tests.Building;

public sealed class RestoreInputsTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public void Files_in_an_app_folder_are_what_restore_reads_in_a_stable_order_without_bin_and_obj()
    {
        foreach (var file in (string[])["b/B.csproj", "a/A.csproj", "Directory.Build.props", "NuGet.Config", "global.json", "a/packages.lock.json", "a/Program.cs", "a/obj/x.props", "bin/y.csproj", "README.md"])
        {
            Write(file, "x");
        }

        var files = RestoreInputs.FilesIn(_root.Path).Select(f => Path.GetRelativePath(_root.Path, f).Replace('\\', '/')).ToList();

        Assert.Equal(["Directory.Build.props", "NuGet.Config", "a/A.csproj", "a/packages.lock.json", "b/B.csproj", "global.json"], files);
    }

    [Fact]
    public void The_hash_changes_with_a_files_content_and_name_and_not_otherwise()
    {
        Write("A.csproj", "<Project />");
        var files = RestoreInputs.FilesIn(_root.Path).ToList();
        var first = RestoreInputs.Hash(files);

        Assert.Equal(first, RestoreInputs.Hash(files));
        Write("Program.cs", "class P {}");
        Assert.Equal(first, RestoreInputs.Hash(RestoreInputs.FilesIn(_root.Path)));

        Write("A.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var changed = RestoreInputs.Hash(files);
        Assert.NotEqual(first, changed);

        Write("nuget.config", "<configuration />");
        Assert.NotEqual(changed, RestoreInputs.Hash(RestoreInputs.FilesIn(_root.Path)));
    }

    [Fact]
    public void A_restore_is_trusted_only_once_remembered_with_its_assets_and_not_after_it_is_forgotten()
    {
        var obj = _root.Combine("obj");
        Assert.False(RestoreInputs.Unchanged(obj, "h1"));

        RestoreInputs.Remember(obj, "h1");
        Assert.False(RestoreInputs.Unchanged(obj, "h1"));

        File.WriteAllText(Path.Combine(obj, "project.assets.json"), "{}");
        Assert.True(RestoreInputs.Unchanged(obj, "h1"));
        Assert.False(RestoreInputs.Unchanged(obj, "h2"));

        RestoreInputs.Forget(obj);
        Assert.False(RestoreInputs.Unchanged(obj, "h1"));
        RestoreInputs.Forget(_root.Combine("never-built"));
    }

    public void Dispose() => _root.Dispose();

    private void Write(string relative, string text)
    {
        var path = _root.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
