using System.Text;
using Strata.Verticals.Functions.Worker.Catalog;

namespace Strata.Verticals.Functions.Tests.Worker;

public sealed class FunctionDescriptorTests
{
    private static FunctionDescriptor Parse(string json) => FunctionDescriptor.Parse(Encoding.UTF8.GetBytes(json), "/fns/x", "/fns/x/function.json");

    [Fact]
    public void Reads_a_full_descriptor()
    {
        var descriptor = Parse("""{"app": "hello", "revision": 4, "handler": "Hello.Function", "assembly": "Hello.dll", "timeoutSeconds": 12, "settings": {"GREETING": "hi"}}""");

        Assert.Equal(("hello", 4, "Hello.Function", "/fns/x/Hello.dll", 12), (descriptor.App, descriptor.Revision, descriptor.Handler, descriptor.AssemblyPath, descriptor.TimeoutSeconds));
        Assert.Equal("hi", descriptor.Settings["GREETING"]);
    }

    [Fact]
    public void Defaults_the_timeout()
        => Assert.Equal(FunctionDescriptor.DefaultTimeoutSeconds, Parse("""{"app": "a", "revision": 1, "handler": "A", "assembly": "A.dll"}""").TimeoutSeconds);

    [Fact]
    public void Reports_every_problem_with_its_field()
    {
        var error = Assert.Throws<FunctionDescriptorException>(() => Parse(
            """{"app": "Hello_World", "revision": 0, "handler": "a b", "assembly": "../x.dll", "timeoutSeconds": 901, "settings": {"A": 1}, "extra": true}"""));

        Assert.Collection(error.Problems.Order(StringComparer.Ordinal),
            p => Assert.StartsWith("app: must be a DNS-safe name", p),
            p => Assert.StartsWith("assembly: must be a .dll file name inside the function folder", p),
            p => Assert.StartsWith("extra: unknown key", p),
            p => Assert.StartsWith("handler: must be the full name of a C# class", p),
            p => Assert.StartsWith("revision: must be a whole number of 1 or more", p),
            p => Assert.StartsWith("settings.A: must be a string", p),
            p => Assert.StartsWith("timeoutSeconds: must be a whole number of seconds from 1 to 900", p));
        Assert.StartsWith("/fns/x/function.json: ", error.Message);
    }

    [Theory]
    [InlineData("", "is not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{}", "app: is required")]
    public void Refuses_what_is_not_a_descriptor(string json, string expected)
        => Assert.Contains(expected, Assert.Throws<FunctionDescriptorException>(() => Parse(json)).Message);
}
