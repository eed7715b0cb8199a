using System.Text.Json;
using Strata.Core.Manifest;

namespace Strata.Core.Tests.Manifest;

/// <summary>The <c>spec:</c> section follows the YAML 1.2 core schema when it becomes JSON.</summary>
public sealed class SpecConversionTests
{
    [Theory]
    [InlineData("null", "null")]
    [InlineData("~", "null")]
    [InlineData("", "null")]
    [InlineData("NULL", "null")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("+7", "7")]
    [InlineData("007", "7")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("1.5", "1.5")]
    [InlineData("0.10", "0.10")]
    [InlineData(".5", "0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("-2.5E-1", "-0.25")]
    [InlineData(".inf", "\".inf\"")]
    [InlineData(".nan", "\".nan\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("1_000", "\"1_000\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("hello world", "\"hello world\"")]
    [InlineData("'42'", "\"42\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("'null'", "\"null\"")]
    [InlineData("!!str 42", "\"42\"")]
    [InlineData("[1, a, true, ~]", "[1,\"a\",true,null]")]
    [InlineData("{ a: 1, b: [x] }", "{\"a\":1,\"b\":[\"x\"]}")]
    public void Plain_and_quoted_scalars_follow_the_core_schema(string yamlValue, string expectedJson)
    {
        var result = AppManifestParser.Parse($"name: hello\nvertical: functions\nspec:\n  v: {yamlValue}\n");

        Assert.Empty(result.Problems);
        Assert.Equal($"{{\"v\":{expectedJson}}}", JsonSerializer.Serialize(result.Manifest!.Spec));
    }

    [Fact]
    public void Nested_structures_and_block_scalars_convert()
    {
        const string yaml = """
            name: hello
            vertical: simulation
            spec:
              mesh:
                cells: 1000
                refine: [2, 4]
              solver:
                - name: cg
                  tolerance: 1e-6
              script: |
                line one
                line two
              anchor: &base { x: 1 }
              alias: *base
            """;

        var spec = AppManifestParser.Parse(yaml).Manifest!.Spec;

        Assert.Equal(JsonValueKind.Object, spec.ValueKind);
        Assert.Equal(1000, spec.GetProperty("mesh").GetProperty("cells").GetInt32());
        Assert.Equal(4, spec.GetProperty("mesh").GetProperty("refine")[1].GetInt32());
        Assert.Equal("cg", spec.GetProperty("solver")[0].GetProperty("name").GetString());
        Assert.Equal(0.000001, spec.GetProperty("solver")[0].GetProperty("tolerance").GetDouble());
        Assert.Equal("line one\nline two\n", spec.GetProperty("script").GetString());
        Assert.Equal(1, spec.GetProperty("alias").GetProperty("x").GetInt32());
    }

    [Fact]
    public void Duplicate_keys_in_spec_are_refused_with_their_position()
    {
        var result = AppManifestParser.Parse("name: hello\nvertical: functions\nspec:\n  a: 1\n  a: 2\n");

        Assert.Equal("strata.yaml is not valid YAML at line 5, column 3: Duplicate key a", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void The_spec_outlives_the_parse()
    {
        // JsonElement over a disposed JsonDocument throws; the parser must hand back a clone.
        var spec = AppManifestParser.Parse("name: hello\nvertical: functions\nspec:\n  a: b\n").Manifest!.Spec;
        GC.Collect();

        Assert.Equal("b", spec.GetProperty("a").GetString());
    }
}
