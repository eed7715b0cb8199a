using Strata.Core.Auth;

namespace Strata.Core.Tests.Auth;

public sealed class TokenScopeTests
{
    [Theory]
    [InlineData("admin", "*", "*")]
    [InlineData("functions:deploy", "functions", "deploy")]
    [InlineData("*:read", "*", "read")]
    [InlineData("simulation:*", "simulation", "*")]
    [InlineData(" mobile:write ", "mobile", "write")]
    public void Parses_scopes(string text, string vertical, string action)
    {
        Assert.True(TokenScope.TryParse(text, out var scope, out var problem), problem);
        Assert.Equal((vertical, action), (scope.Vertical, scope.Action));
    }

    [Theory]
    [InlineData("", "not a scope")]
    [InlineData("functions", "not a scope")]
    [InlineData(":read", "not a scope")]
    [InlineData("functions:", "not a scope")]
    [InlineData("a:b:c", "not a scope")]
    [InlineData("Functions:read", "names vertical 'Functions'")]
    [InlineData("functions:launch", "names action 'launch'; expected one of read, write, deploy, delete, admin or *")]
    public void Refuses_what_is_not_a_scope_saying_why(string text, string reason)
    {
        Assert.False(TokenScope.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin", "functions", "delete", true)]
    [InlineData("admin", null, "admin", true)]
    [InlineData("*:read", "mobile", "read", true)]
    [InlineData("*:read", "mobile", "write", false)]
    [InlineData("*:read", null, "read", true)]
    [InlineData("functions:deploy", "functions", "deploy", true)]
    [InlineData("functions:deploy", "simulation", "deploy", false)]
    [InlineData("functions:deploy", "functions", "read", false)]
    [InlineData("functions:*", "functions", "delete", true)]
    [InlineData("functions:*", null, "read", false)]
    [InlineData("*:admin", null, "admin", true)]
    [InlineData("functions:admin", null, "admin", false)]
    public void Allows_exactly_what_it_names(string text, string? vertical, string action, bool allowed)
    {
        Assert.True(TokenScope.TryParse(text, out var scope, out _));
        Assert.Equal(allowed, scope.Allows(vertical, action));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("functions:deploy")]
    [InlineData("*:read")]
    public void Round_trips_through_its_text(string text)
    {
        Assert.True(TokenScope.TryParse(text, out var scope, out _));
        Assert.Equal(text, scope.ToString());
    }
}
