using Strata.Building;
using Strata.Core.Building;

namespace Strata.Core.Tests.Building;

public class BuildPlanTests
{
    private static BuildStep Step(string name, params string[] dependsOn) => new(name, _ => Task.CompletedTask) { DependsOn = dependsOn };

    private static string[] Order(params BuildStep[] steps) => [.. BuildPlan.Create(steps).Steps.Select(s => s.Name)];

    [Fact]
    public void Steps_run_after_their_dependencies()
    {
        var order = Order(Step("package", "compile"), Step("compile", "restore"), Step("restore"), Step("test", "compile"));

        Assert.Equal(["restore", "compile", "package", "test"], order);
    }

    [Fact]
    public void Steps_ready_together_keep_declaration_order()
    {
        Assert.Equal(["c", "a", "b", "d"], Order(Step("c"), Step("a"), Step("b"), Step("d", "a")));
        Assert.Equal(["b", "a", "d", "c"], Order(Step("d", "b"), Step("b"), Step("c", "a"), Step("a")));
    }

    [Fact]
    public void Unknown_dependency_names_the_step_the_dependency_and_the_known_steps()
    {
        var error = Assert.Throws<StrataException>(() => Order(Step("restore"), Step("package"), Step("publish", "compile")));

        Assert.Contains("step 'publish' depends on 'compile', which no step is named; known steps: restore, package, publish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_reported_with_its_path()
    {
        var error = Assert.Throws<StrataException>(() => Order(Step("start"), Step("a", "b", "start"), Step("b", "c"), Step("c", "a")));

        Assert.Contains("a → b → c → a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_depending_on_itself_is_a_cycle()
    {
        var error = Assert.Throws<StrataException>(() => Order(Step("a", "a")));

        Assert.Contains("a → a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var error = Assert.Throws<StrataException>(() => Order(Step("a"), Step("a"), Step("b", "x"), Step("c", "y"), Step("../evil")));

        Assert.Contains("step 'a' is declared more than once", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'b' depends on 'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("step 'c' depends on 'y'", error.Message, StringComparison.Ordinal);
        Assert.Contains("step name '../evil' is not allowed", error.Message, StringComparison.Ordinal);
    }
}
