using Strata.Core.Manifest;
using Strata.Manifest;
using Strata.Validation;

namespace Strata.Core.Tests.Manifest;

/// <summary><c>caas.uses</c>: the apps an app calls, read, resolved to their verticals and refused with their paths.</summary>
public sealed class CaasUsesParserTests
{
    private static ManifestParseResult Parse(string uses, string name = "caller", string vertical = "functions") =>
        AppManifestParser.Parse($"name: {name}\nvertical: {vertical}\ncaas:\n  uses: {uses}\n");

    [Fact]
    public void A_bare_name_is_an_app_of_the_same_vertical_and_a_slash_names_another_vertical()
    {
        var result = Parse("[hello-function, mobile/todo, functions/greeter]");

        Assert.Empty(result.Problems);
        Assert.Equal(
            [new UsedApp("functions", "hello-function"), new UsedApp("mobile", "todo"), new UsedApp("functions", "greeter")],
            result.Manifest!.Caas.Uses);
    }

    [Fact]
    public void The_vertical_may_come_after_the_caas_section()
    {
        var result = AppManifestParser.Parse("caas:\n  uses: [hello]\nname: caller\nvertical: mobile\n");

        Assert.Empty(result.Problems);
        Assert.Equal([new UsedApp("mobile", "hello")], result.Manifest!.Caas.Uses);
    }

    [Fact]
    public void No_uses_is_an_empty_list()
    {
        Assert.Empty(AppManifestParser.Parse("name: a\nvertical: functions\n").Manifest!.Caas.Uses);
        Assert.Empty(Parse("").Manifest!.Caas.Uses);
        Assert.Empty(Parse("[]").Manifest!.Caas.Uses);
    }

    [Theory]
    [InlineData("hello-function", "caas.uses", "expected a list of apps this app calls, e.g. [hello-function]; got")]
    [InlineData("[Hello]", "caas.uses[0]", "the app name 'Hello' is not DNS-safe")]
    [InlineData("[ok, hello_fn]", "caas.uses[1]", "the app name 'hello_fn' is not DNS-safe")]
    [InlineData("[Mobile/todo]", "caas.uses[0]", "in 'Mobile/todo', the vertical name 'Mobile' is not DNS-safe")]
    [InlineData("[mobile/]", "caas.uses[0]", "in 'mobile/', the app name a name is required")]
    [InlineData("[/todo]", "caas.uses[0]", "in '/todo', the vertical name a name is required")]
    [InlineData("[a/b/c]", "caas.uses[0]", "'a/b/c' has more than one '/'")]
    [InlineData("[42]", "caas.uses[0]", "expected an app name such as hello-function, or <vertical>/<app> for an app of another vertical; got")]
    [InlineData("[{ app: x }]", "caas.uses[0]", "expected an app name such as hello-function")]
    [InlineData("[caller]", "caas.uses[0]", "'caller' is this app itself")]
    [InlineData("[functions/caller]", "caas.uses[0]", "'caller' is this app itself")]
    [InlineData("[hello, hello]", "caas.uses[1]", "'hello' is named already at caas.uses[0]; name each app once")]
    [InlineData("[hello, functions/hello]", "caas.uses[1]", "'hello' is named already at caas.uses[0]")]
    [InlineData("[hello, mobile/hello]", "caas.uses[1]", "'mobile/hello' and 'hello' (caas.uses[0]) would both be discovered as services__hello__http__0")]
    public void A_bad_entry_is_refused_with_its_path(string uses, string path, string message)
    {
        var problem = Assert.Single(Parse(uses).Problems);

        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_entry_is_reported_not_just_the_first()
    {
        var result = Parse("[Bad, caller, ok, ok]");

        Assert.Equal(["caas.uses[0]", "caas.uses[1]", "caas.uses[3]"], result.Problems.Select(p => p.Path));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void An_app_of_the_same_name_in_another_vertical_is_not_the_app_itself()
    {
        var result = Parse("[mobile/caller]");

        Assert.Empty(result.Problems);
        Assert.Equal([new UsedApp("mobile", "caller")], result.Manifest!.Caas.Uses);
    }

    [Fact]
    public void An_unknown_caas_key_lists_uses_among_the_known_ones()
    {
        var problem = Assert.Single(AppManifestParser.Parse("name: a\nvertical: functions\ncaas:\n  use: [b]\n").Problems);

        Assert.Equal(new ValidationProblem("caas.use", "unknown key 'use'; expected one of replicas, autoscale, resources, env, uses, raw, patches"), problem);
    }
}
