using Strata.Core.Templates;

namespace Strata.Core.Tests.Templates;

public class TemplateModelTests
{
    [Theory]
    [InlineData("hello-world", "HelloWorld")]
    [InlineData("hello", "Hello")]
    [InlineData("2fast", "_2fast")]
    [InlineData("my.app_v2", "MyAppV2")]
    [InlineData("a--b", "AB")]
    [InlineData("---", "_")]
    public void PascalName_is_a_valid_identifier(string name, string expected)
    {
        var model = new TemplateModel(name, "functions");

        Assert.Equal(expected, model.PascalName);
        Assert.Equal(expected, model.Namespace);
    }
}
