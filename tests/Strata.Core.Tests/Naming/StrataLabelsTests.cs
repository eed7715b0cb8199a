using Strata.Core.Naming;

namespace Strata.Core.Tests.Naming;

public sealed class StrataLabelsTests
{
    [Fact]
    public void For_returns_the_full_set_for_a_component()
    {
        var labels = StrataLabels.For("functions", "hello", "web", 3);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["app.kubernetes.io/component"] = "web",
                ["app.kubernetes.io/instance"] = "hello-web",
                ["app.kubernetes.io/managed-by"] = "strata",
                ["app.kubernetes.io/name"] = "hello",
                ["app.kubernetes.io/part-of"] = "functions",
                ["app.kubernetes.io/version"] = "r3",
                ["strata.dev/revision"] = "3",
                ["strata.dev/vertical"] = "functions",
            },
            labels);
    }

    [Fact]
    public void For_is_sorted_by_key_ordinally()
    {
        var keys = StrataLabels.For("functions", "hello", "web", 3).Keys.ToList();

        Assert.Equal(keys.Order(StringComparer.Ordinal).ToList(), keys);
    }

    [Fact]
    public void For_without_component_or_revision_omits_them()
    {
        var labels = StrataLabels.For("functions", "hello", null, null);

        Assert.Equal("hello", labels[StrataLabels.Instance]);
        Assert.False(labels.ContainsKey(StrataLabels.Component));
        Assert.False(labels.ContainsKey(StrataLabels.Revision));
        Assert.False(labels.ContainsKey(StrataLabels.Version));
        Assert.Equal(5, labels.Count);
    }

    [Theory]
    [InlineData("1.2.0", "1.2.0")]
    [InlineData("v1.2.0_rc.1", "v1.2.0_rc.1")]
    [InlineData("1.2.0+build.7", "x-1-2-0-build-7")]
    public void For_uses_the_version_when_given_as_a_valid_label_value(string version, string expected)
    {
        var labels = StrataLabels.For("functions", "hello", null, 4, version);

        Assert.Equal(expected, labels[StrataLabels.Version]);
        Assert.Equal("4", labels[StrataLabels.Revision]);
    }

    [Fact]
    public void For_keeps_every_value_a_valid_label_value()
    {
        var labels = StrataLabels.For("functions", new string('a', 50), new string('b', 50), 1);

        Assert.All(labels.Values, value => Assert.True(value.Length <= 63, value));
        Assert.Equal(StrataNames.ObjectName(new string('a', 50), new string('b', 50)), labels[StrataLabels.Instance]);
    }

    [Fact]
    public void Selector_has_only_the_stable_keys()
    {
        var selector = StrataLabels.Selector("functions", "hello", "web");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["app.kubernetes.io/component"] = "web",
                ["app.kubernetes.io/instance"] = "hello-web",
                ["app.kubernetes.io/managed-by"] = "strata",
                ["app.kubernetes.io/name"] = "hello",
                ["strata.dev/vertical"] = "functions",
            },
            selector);
    }

    [Fact]
    public void Selector_is_a_subset_of_the_full_set_and_excludes_revision()
    {
        var full = StrataLabels.For("functions", "hello", null, 7);
        var selector = StrataLabels.Selector("functions", "hello");

        Assert.False(selector.ContainsKey(StrataLabels.Revision));
        Assert.False(selector.ContainsKey(StrataLabels.Version));
        Assert.All(selector, pair => Assert.Equal(pair.Value, full[pair.Key]));
    }

    [Theory]
    [InlineData("Hello", "Hello")]
    [InlineData("a_b.c-d", "a_b.c-d")]
    [InlineData("_x", "x")]
    [InlineData("a/b", "a-b")]
    public void ToLabelValue_keeps_valid_values_and_normalises_others(string value, string expected) =>
        Assert.Equal(expected, StrataLabels.ToLabelValue(value));
}
