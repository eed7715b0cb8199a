using System.Text.Json;
using Strata.Core.Manifest;

namespace Strata.Core.Tests.Manifest;

public sealed class ManifestSpecEditTests
{
    private const string Manifest = """
        name: heat
        vertical: simulation
        spec:
          parameters:
            alpha: { type: number, default: 1 }
          run:
            sweep: { grid: { alpha: [1, 2] } }
            parallelism: 2
          keep: yes-please
        caas:
          env: { GREETING: hi }
        """;

    [Fact]
    public void Each_key_of_the_change_replaces_that_key_of_the_spec_and_the_rest_stays()
    {
        using var change = JsonDocument.Parse("""{ "run": { "parameters": { "alpha": 3 }, "label": "007" }, "keep": null, "added": [1, "2"] }""");

        var edited = AppManifestParser.Parse(ManifestSpecEdit.Apply(Manifest, change.RootElement));

        Assert.Empty(edited.Problems);
        var manifest = edited.Manifest!;
        Assert.Equal(("heat", "simulation", "hi"), (manifest.Name, manifest.Vertical, manifest.Caas.Env["GREETING"]));
        var spec = manifest.Spec;
        // run is replaced whole: the old sweep and parallelism are gone.
        Assert.Equal("""{"parameters":{"alpha":3},"label":"007"}""", spec.GetProperty("run").GetRawText());
        Assert.Equal(JsonValueKind.String, spec.GetProperty("run").GetProperty("label").ValueKind);
        Assert.False(spec.TryGetProperty("keep", out _));
        Assert.Equal("""[1,"2"]""", spec.GetProperty("added").GetRawText());
        Assert.Equal(1, spec.GetProperty("parameters").GetProperty("alpha").GetProperty("default").GetInt32());
    }

    [Fact]
    public void A_manifest_without_a_spec_gets_one_and_a_change_that_is_not_an_object_is_refused()
    {
        using var change = JsonDocument.Parse("""{ "run": { "parameters": {} } }""");
        var edited = AppManifestParser.Parse(ManifestSpecEdit.Apply("name: a\nvertical: simulation\n", change.RootElement));
        Assert.Equal("""{"run":{"parameters":{}}}""", edited.Manifest!.Spec.GetRawText());

        using var array = JsonDocument.Parse("[1]");
        Assert.Equal("spec", Assert.Throws<StrataException>(() => ManifestSpecEdit.Apply(Manifest, array.RootElement)).Path);
    }
}
