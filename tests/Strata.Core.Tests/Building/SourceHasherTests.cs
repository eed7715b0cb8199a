using Strata.Core.Building;

namespace Strata.Core.Tests.Building;

public sealed class SourceHasherTests : IDisposable
{
    private readonly TempDirectory source = new();

    public void Dispose() => source.Dispose();

    private string Hash(params string[] globs) => SourceHasher.Hash(source.Path, globs.Length == 0 ? ["**/*"] : globs);

    [Fact]
    public void Is_lowercase_hex_sha256_and_stable()
    {
        source.Write("a.cs", "class A {}");

        var hash = Hash();

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, Hash());
    }

    [Fact]
    public void Changes_with_content_and_with_path()
    {
        source.Write("a.cs", "1");
        var first = Hash();

        source.Write("a.cs", "2");
        var changed = Hash();
        File.Move(source.Combine("a.cs"), source.Combine("b.cs"));
        var moved = Hash();

        Assert.NotEqual(first, changed);
        Assert.NotEqual(changed, moved);
    }

    [Fact]
    public void Only_matching_files_count()
    {
        source.Write("src/a.cs", "class A {}");
        var before = Hash("**/*.cs");

        source.Write("README.md", "docs");

        Assert.Equal(before, Hash("**/*.cs"));
        Assert.NotEqual(before, Hash());
    }

    [Theory]
    [InlineData("bin/x.cs")]
    [InlineData("obj/x.cs")]
    [InlineData(".git/x.cs")]
    [InlineData(".strata/x.cs")]
    [InlineData("node_modules/x.cs")]
    [InlineData("src/deep/bin/Debug/x.cs")]
    [InlineData("web/node_modules/lib/x.cs")]
    public void Build_outputs_and_tool_folders_never_count(string path)
    {
        source.Write("src/a.cs", "class A {}");
        var before = Hash();

        source.Write(path, "noise");

        Assert.Equal(before, Hash());
    }

    [Fact]
    public void A_file_merely_named_like_an_excluded_folder_counts()
    {
        source.Write("src/a.cs", "class A {}");
        var before = Hash();

        source.Write("src/bin", "a file, not a folder");

        Assert.NotEqual(before, Hash());
    }

    [Fact]
    public void A_missing_folder_is_an_error()
    {
        Assert.Throws<StrataException>(() => SourceHasher.Hash(source.Combine("missing"), ["**/*"]));
    }
}
