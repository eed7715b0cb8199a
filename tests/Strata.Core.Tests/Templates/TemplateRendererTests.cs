using Strata.Core.Templates;
using Strata.Core.Tests.Building;
using Strata.Templates;

namespace Strata.Core.Tests.Templates;

public sealed class TemplateRendererTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly TemplateRenderer renderer = new();
    private readonly TemplateModel model = new("hello-world", "functions")
    {
        Options = new Dictionary<string, string> { ["framework"] = "net10.0" },
    };

    public void Dispose() => temp.Dispose();

    private string Target => temp.Combine("app");

    private static TemplateSet Set(params TemplateFile[] files) => new("http", "An HTTP function", files);

    [Fact]
    public async Task Renders_paths_and_contents_with_the_model()
    {
        var set = Set(
            new TemplateFile("{{ app.pascal_name }}.csproj", "<TargetFramework>{{ options.framework }}</TargetFramework>\n"),
            new TemplateFile("src/{{ app.name }}/Function.cs", "namespace {{ app.namespace }};\n// {{ app.vertical }} app {{ app.name }}\n"),
            new TemplateFile("strata.yaml", "name: {{ app.name }}\nvertical: {{ app.vertical }}\n"));

        var written = await renderer.RenderAsync(set, model, Target);

        Assert.Equal(["HelloWorld.csproj", "src/hello-world/Function.cs", "strata.yaml"], written);
        Assert.Equal("<TargetFramework>net10.0</TargetFramework>\n", File.ReadAllText(Path.Combine(Target, "HelloWorld.csproj")));
        Assert.Equal("namespace HelloWorld;\n// functions app hello-world\n", File.ReadAllText(Path.Combine(Target, "src", "hello-world", "Function.cs")));
        Assert.Equal("name: hello-world\nvertical: functions\n", File.ReadAllText(Path.Combine(Target, "strata.yaml")));
    }

    [Fact]
    public async Task An_undefined_variable_is_an_error_naming_file_line_and_column()
    {
        var set = Set(new TemplateFile("Program.cs", "// ok\nvar x = \"{{ app.nmae }}\";\n"));

        var error = await Assert.ThrowsAsync<StrataException>(() => renderer.RenderAsync(set, model, Target));

        Assert.Contains("Program.cs(2,", error.Message, StringComparison.Ordinal);
        Assert.Contains("nmae", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undefined_top_level_variable_is_an_error()
    {
        var set = Set(new TemplateFile("a.txt", "{{ ap.name }}"));

        var error = await Assert.ThrowsAsync<StrataException>(() => renderer.RenderAsync(set, model, Target));

        Assert.Contains("a.txt(1,", error.Message, StringComparison.Ordinal);
        Assert.Contains("ap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_of_the_set_is_reported_and_nothing_is_written()
    {
        var set = Set(
            new TemplateFile("good.txt", "{{ app.name }}"),
            new TemplateFile("syntax.txt", "line one\n{{ if }}"),
            new TemplateFile("undefined.txt", "{{ options.missing_option }}"),
            new TemplateFile("{{ nope }}.txt", "x"));

        var error = await Assert.ThrowsAsync<StrataException>(() => renderer.RenderAsync(set, model, Target));

        Assert.Contains("syntax.txt(2,", error.Message, StringComparison.Ordinal);
        Assert.Contains("undefined.txt(1,", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing_option", error.Message, StringComparison.Ordinal);
        Assert.Contains("{{ nope }}.txt (path)(1,", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target) && Directory.EnumerateFileSystemEntries(Target).Any(), "nothing may be written when a template fails");
    }

    [Fact]
    public async Task Refuses_a_non_empty_target_unless_overwrite()
    {
        temp.Write("app/existing.txt", "keep");
        var set = Set(new TemplateFile("new.txt", "{{ app.name }}"));

        var error = await Assert.ThrowsAsync<StrataException>(() => renderer.RenderAsync(set, model, Target));
        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Target, "new.txt")));

        var written = await renderer.RenderAsync(set, model, Target, overwrite: true);
        Assert.Equal(["new.txt"], written);
        Assert.Equal("hello-world", File.ReadAllText(Path.Combine(Target, "new.txt")));
    }

    [Fact]
    public async Task Writes_into_an_existing_empty_target()
    {
        Directory.CreateDirectory(Target);

        var written = await renderer.RenderAsync(Set(new TemplateFile("a.txt", "a")), model, Target);

        Assert.Equal(["a.txt"], written);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("src/../../escape.txt")]
    [InlineData("{{ '..' }}/escape.txt")]
    [InlineData("/etc/escape.txt")]
    public async Task Refuses_a_path_that_leaves_the_target(string path)
    {
        var set = Set(new TemplateFile("ok.txt", "ok"), new TemplateFile(path, "bad"));

        var error = await Assert.ThrowsAsync<StrataException>(() => renderer.RenderAsync(set, model, Target));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("escape.txt")));
        Assert.False(File.Exists(Path.Combine(Target, "ok.txt")));
    }

    [Fact]
    public async Task A_runaway_loop_is_stopped()
    {
        var set = Set(new TemplateFile("loop.txt", "{{ while true }}x{{ end }}"));

        var error = await Assert.ThrowsAsync<StrataException>(() => renderer.RenderAsync(set, model, Target));

        Assert.Contains("loop.txt(1,", error.Message, StringComparison.Ordinal);
    }
}
