using Strata.Core.Building;

namespace Strata.Core.Tests.Building;

public sealed class SourceMirrorTests : IDisposable
{
    private readonly TempDirectory root = new();

    public void Dispose() => root.Dispose();

    private string Source => root.Combine("src");

    private string Mirror => root.Combine("mirror");

    [Fact]
    public void The_mirror_holds_the_sources_and_leaves_unchanged_files_untouched()
    {
        root.Write("src/App.csproj", "<Project />");
        root.Write("src/web/Program.cs", "class Program {}");
        root.Write("src/web/Old.cs", "class Old {}");
        SourceMirror.Sync(Source, Mirror);
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(Mirror, "App.csproj"), old);
        File.SetLastWriteTimeUtc(Path.Combine(Mirror, "web", "Program.cs"), old);

        root.Write("src/web/Program.cs", "class Program { int x; }");
        File.Delete(Path.Combine(Source, "web", "Old.cs"));
        root.Write("src/lib/Lib.cs", "class Lib {}");
        var changes = SourceMirror.Sync(Source, Mirror);

        Assert.Equal(3, changes);
        Assert.Equal(old, File.GetLastWriteTimeUtc(Path.Combine(Mirror, "App.csproj")));
        Assert.Equal("class Program { int x; }", File.ReadAllText(Path.Combine(Mirror, "web", "Program.cs")));
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(Mirror, "web", "Program.cs")) > old);
        Assert.False(File.Exists(Path.Combine(Mirror, "web", "Old.cs")));
        Assert.Equal("class Lib {}", File.ReadAllText(Path.Combine(Mirror, "lib", "Lib.cs")));
        Assert.Equal(0, SourceMirror.Sync(Source, Mirror));
    }

    [Fact]
    public void Build_folders_in_the_mirror_stay_and_those_in_the_sources_are_not_copied()
    {
        root.Write("src/web/Program.cs", "class Program {}");
        root.Write("src/web/obj/stale.json", "from the user's machine");
        root.Write("mirror/web/obj/project.assets.json", "{}");
        root.Write("mirror/web/bin/Release/Web.dll", "MZ");
        root.Write("mirror/gone/obj/x.json", "{}");

        SourceMirror.Sync(Source, Mirror);

        Assert.True(File.Exists(Path.Combine(Mirror, "web", "obj", "project.assets.json")));
        Assert.True(File.Exists(Path.Combine(Mirror, "web", "bin", "Release", "Web.dll")));
        Assert.False(File.Exists(Path.Combine(Mirror, "web", "obj", "stale.json")));
        Assert.False(Directory.Exists(Path.Combine(Mirror, "gone")));
    }

    [Fact]
    public void A_file_that_became_a_folder_and_a_folder_that_became_a_file_are_replaced()
    {
        root.Write("src/a/inner.cs", "class A {}");
        root.Write("src/b", "b");
        SourceMirror.Sync(Source, Mirror);
        Directory.Delete(Path.Combine(Source, "a"), recursive: true);
        File.Delete(Path.Combine(Source, "b"));
        root.Write("src/a", "a");
        root.Write("src/b/inner.cs", "class B {}");

        SourceMirror.Sync(Source, Mirror);

        Assert.Equal("a", File.ReadAllText(Path.Combine(Mirror, "a")));
        Assert.Equal("class B {}", File.ReadAllText(Path.Combine(Mirror, "b", "inner.cs")));
    }
}
