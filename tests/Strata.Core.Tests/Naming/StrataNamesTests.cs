using Strata.Core.Naming;

namespace Strata.Core.Tests.Naming;

public sealed class StrataNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("hello")]
    [InlineData("hello-world")]
    [InlineData("a1")]
    [InlineData("my--app")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk")] // 63
    public void CheckDnsLabel_accepts_valid_labels(string value) => Assert.Null(StrataNames.CheckDnsLabel(value));

    [Theory]
    [InlineData("Hello_World", "'Hello_World' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter (try 'hello-world')")]
    [InlineData("1app", "'1app' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter (try 'x-1app')")]
    [InlineData("app-", "'app-' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter (try 'app')")]
    [InlineData("-app", "'-app' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter (try 'app')")]
    [InlineData("my.app", "'my.app' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter (try 'my-app')")]
    [InlineData("___", "'___' is not DNS-safe: use lower-case letters, digits and '-', starting with a letter (e.g. 'hello')")]
    public void CheckDnsLabel_explains_and_suggests(string value, string expected) =>
        Assert.Equal(expected, StrataNames.CheckDnsLabel(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void CheckDnsLabel_requires_a_value(string? value) =>
        Assert.StartsWith("a name is required", StrataNames.CheckDnsLabel(value));

    [Fact]
    public void CheckDnsLabel_reports_a_label_that_is_too_long()
    {
        var value = new string('a', 64);

        var message = StrataNames.CheckDnsLabel(value);

        Assert.Equal($"'{value}' is 64 characters long; a DNS label has at most 63 (try '{StrataNames.ToDnsLabel(value)}')", message);
    }

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("Hello World", "hello-world")]
    [InlineData("Hello_World", "hello-world")]
    [InlineData("  --My..App__v2--  ", "my-app-v2")]
    [InlineData("123", "x-123")]
    [InlineData("9lives", "x-9lives")]
    [InlineData("Ünïcode Näme", "n-code-n-me")]
    [InlineData("a--b", "a--b")] // already valid: never renamed
    [InlineData("A--B", "a-b")]
    [InlineData("x", "x")]
    public void ToDnsLabel_normalises(string value, string expected) => Assert.Equal(expected, StrataNames.ToDnsLabel(value));

    [Theory]
    [InlineData("")]
    [InlineData("---")]
    [InlineData("日本語")]
    public void ToDnsLabel_throws_when_nothing_is_left(string value) =>
        Assert.Throws<ArgumentException>(() => StrataNames.ToDnsLabel(value));

    [Fact]
    public void ToDnsLabel_truncates_long_names_to_63_with_a_hash_of_the_original()
    {
        var value = "Very-Long-" + new string('x', 80);

        var label = StrataNames.ToDnsLabel(value);

        Assert.Equal(StrataNames.MaxLabelLength, label.Length);
        Assert.Equal("very-long-" + new string('x', 44) + "-", label[..55]);
        Assert.Matches("^[0-9a-f]{8}$", label[55..]);
        Assert.Null(StrataNames.CheckDnsLabel(label));
        Assert.Equal(label, StrataNames.ToDnsLabel(value));
    }

    [Fact]
    public void ToDnsLabel_hash_is_the_sha256_prefix_of_the_utf8_input()
    {
        var value = new string('a', 70);
        var expectedHash = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..8];

        Assert.Equal(new string('a', 54) + "-" + expectedHash, StrataNames.ToDnsLabel(value));
    }

    [Fact]
    public void ToDnsLabel_trims_a_dash_at_the_cut()
    {
        // The 54th character is '-': the kept part must not end with it, nor produce "--".
        var value = new string('a', 53) + "-" + new string('b', 20);

        var label = StrataNames.ToDnsLabel(value);

        Assert.StartsWith(new string('a', 53) + "-", label);
        Assert.Equal(62, label.Length);
        Assert.DoesNotContain("--", label, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDnsLabel_keeps_long_names_with_the_same_prefix_apart()
    {
        var prefix = new string('p', 60);

        var first = StrataNames.ToDnsLabel(prefix + "-first");
        var second = StrataNames.ToDnsLabel(prefix + "-second");

        Assert.NotEqual(first, second);
        Assert.Equal(first[..54], second[..54]);
    }

    [Fact]
    public void ToDnsLabel_keeps_inputs_that_normalise_alike_apart_when_truncated()
    {
        var first = StrataNames.ToDnsLabel(new string('A', 70));
        var second = StrataNames.ToDnsLabel(new string('a', 70));

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("functions", "strata-", "strata-functions")]
    [InlineData("Mobile Backend", "strata-", "strata-mobile-backend")]
    [InlineData("functions", "", "functions")]
    [InlineData("functions", "acme-", "acme-functions")]
    public void Namespace_prefixes_the_vertical(string vertical, string prefix, string expected) =>
        Assert.Equal(expected, StrataNames.Namespace(vertical, prefix));

    [Fact]
    public void Namespace_uses_the_default_prefix() => Assert.Equal("strata-functions", StrataNames.Namespace("functions"));

    [Fact]
    public void Namespace_is_truncated_like_any_label()
    {
        var ns = StrataNames.Namespace(new string('v', 70));

        Assert.Equal(63, ns.Length);
        Assert.StartsWith("strata-vvv", ns);
    }

    [Theory]
    [InlineData("hello", null, "hello")]
    [InlineData("hello", "", "hello")]
    [InlineData("hello", "web", "hello-web")]
    [InlineData("hello", "Worker_1", "hello-worker-1")]
    public void ObjectName_joins_app_and_component(string app, string? component, string expected) =>
        Assert.Equal(expected, StrataNames.ObjectName(app, component));

    [Fact]
    public void ObjectName_is_truncated_deterministically()
    {
        var app = new string('a', 40);
        var component = new string('c', 40);

        var name = StrataNames.ObjectName(app, component);

        Assert.Equal(63, name.Length);
        Assert.Equal(name, StrataNames.ObjectName(app, component));
        Assert.NotEqual(name, StrataNames.ObjectName(app, component + "d"));
    }

    [Fact]
    public void AppPath_is_the_gateway_base_path() => Assert.Equal("/apps/functions/hello", StrataNames.AppPath("functions", "hello"));
}
