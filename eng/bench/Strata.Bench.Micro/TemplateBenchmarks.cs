using BenchmarkDotNet.Attributes;
using Strata.Core.Templates;
using Strata.Templates;
using Strata.Verticals.Functions;

namespace Strata.Bench.Micro;

/// <summary><c>strata new functions &lt;app&gt;</c>: the functions vertical's template set rendered with Scriban into a folder.</summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private readonly TemplateRenderer _renderer = new();
    private readonly TemplateSet _set = TemplateSet.FromEmbeddedResources(typeof(FunctionsVertical).Assembly, "http", "bench");
    private readonly string _target = Path.Combine(Path.GetTempPath(), "strata-bench-templates-" + Environment.ProcessId);

    /// <summary>Render the set, overwriting the last render's files.</summary>
    [Benchmark]
    public async Task<int> RenderFunctionTemplate() =>
        (await _renderer.RenderAsync(_set, new TemplateModel("hello-world", "functions"), _target, overwrite: true)).Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_target))
        {
            Directory.Delete(_target, recursive: true);
        }
    }
}
