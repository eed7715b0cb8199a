using System.Net;
using System.Text.Json;
using Strata.Testing;

namespace Strata.Verticals.Functions.Tests.Worker;

/// <summary>The generic function worker as a real process, called over real HTTP on 127.0.0.1.</summary>
public sealed class WorkerTests : IDisposable
{
    private readonly TempDirectory _functions = new("strata-functions");

    public void Dispose() => _functions.Dispose();

    [Fact]
    public async Task First_call_loads_the_function_into_its_own_context_and_answers()
    {
        FunctionFolders.Register(_functions.Path, "hello", "Hello", revision: 3, settings: new Dictionary<string, string> { ["GREETING"] = "Hi" });
        await using var worker = await WorkerProcess.StartAsync(_functions.Path);
        Assert.Equal("cold", (await worker.StatusOfAsync("hello")).GetProperty("state").GetString());

        // As the gateway sends it: the app prefix removed, named in X-Forwarded-Prefix.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/greet?name=ada");
        request.Headers.Add("X-Forwarded-Prefix", "/apps/functions/hello");
        using var first = await worker.Http.SendAsync(request);
        var body = await first.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Hi, ADA! path=/greet context=hello@3 library-context=hello@3\n", body);
        var status = await worker.StatusOfAsync("hello");
        Assert.Equal("warm", status.GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("coldStarts").GetInt64());
        Assert.True(status.GetProperty("lastColdStartMs").GetDouble() > 0);

        using var second = await worker.InvokeAsync("hello", "/?name=bob");
        Assert.StartsWith("Hi, BOB!", await second.Content.ReadAsStringAsync());
        status = await worker.StatusOfAsync("hello");
        Assert.Equal(1, status.GetProperty("coldStarts").GetInt64());
        Assert.Equal(2, status.GetProperty("invocations").GetInt64());
    }

    [Fact]
    public async Task A_throwing_function_answers_problem_500_naming_it_and_others_keep_answering()
    {
        FunctionFolders.Register(_functions.Path, "hello", "Hello");
        FunctionFolders.Register(_functions.Path, "thrower", "Thrower");
        await using var worker = await WorkerProcess.StartAsync(_functions.Path);

        using var failed = await worker.InvokeAsync("thrower");
        var problem = await ProblemAsync(failed);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("thrower", problem.GetProperty("function").GetString());
        Assert.Contains("Function 'thrower' threw System.InvalidOperationException: the thrower always throws", problem.GetProperty("detail").GetString());
        using var hello = await worker.InvokeAsync("hello");
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        using var again = await worker.InvokeAsync("thrower");
        Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        var status = await worker.StatusOfAsync("thrower");
        Assert.Equal(2, status.GetProperty("errors").GetInt64());
        Assert.Equal("warm", status.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("Sleeper")]
    [InlineData("Stubborn")]
    public async Task A_hanging_function_is_cut_at_its_timeout_with_problem_504(string handler)
    {
        FunctionFolders.Register(_functions.Path, "hangs", handler, timeoutSeconds: 1);
        FunctionFolders.Register(_functions.Path, "hello", "Hello");
        await using var worker = await WorkerProcess.StartAsync(_functions.Path);

        using var response = await worker.InvokeAsync("hangs");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("hangs", problem.GetProperty("function").GetString());
        Assert.Contains("timeout of 1 s", problem.GetProperty("detail").GetString());
        Assert.Equal(1, (await worker.StatusOfAsync("hangs")).GetProperty("timeouts").GetInt64());
        using var hello = await worker.InvokeAsync("hello");
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
    }

    [Fact]
    public async Task An_idle_function_is_unloaded_and_collected_and_the_next_call_is_a_second_cold_start()
    {
        FunctionFolders.Register(_functions.Path, "hello", "Hello");
        await using var worker = await WorkerProcess.StartAsync(_functions.Path, idleTimeout: TimeSpan.FromMilliseconds(500));
        using (var first = await worker.InvokeAsync("hello"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var unloaded = await worker.WaitForStatusAsync("hello",
            s => s.GetProperty("state").GetString() == "cold" && s.GetProperty("collected").GetInt64() == 1, "unloaded and collected");
        Assert.Equal(1, unloaded.GetProperty("unloads").GetInt64());
        Assert.Equal(0, unloaded.GetProperty("awaitingCollection").GetInt32());

        using var again = await worker.InvokeAsync("hello", "/?name=again");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.StartsWith("Hello, AGAIN!", await again.Content.ReadAsStringAsync());
        Assert.Equal(2, (await worker.StatusOfAsync("hello")).GetProperty("coldStarts").GetInt64());
    }

    [Fact]
    public async Task After_a_worker_is_killed_a_fresh_worker_serves_the_same_folder()
    {
        FunctionFolders.Register(_functions.Path, "hello", "Hello");
        var first = await WorkerProcess.StartAsync(_functions.Path);
        await using (first)
        {
            using var before = await first.InvokeAsync("hello");
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            await first.KillAsync();
            await Assert.ThrowsAsync<HttpRequestException>(() => first.InvokeAsync("hello"));
        }

        await using var second = await WorkerProcess.StartAsync(_functions.Path);
        using var after = await second.InvokeAsync("hello", "/?name=phoenix");

        Assert.NotEqual(first.ProcessId, second.ProcessId);
        Assert.StartsWith("Hello, PHOENIX!", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_and_unloadable_functions_get_clear_problems()
    {
        FunctionFolders.Register(_functions.Path, "wrong", "WrongShape");
        FunctionFolders.Register(_functions.Path, "missing", "NoSuchClass");
        Directory.CreateDirectory(_functions.Combine("broken"));
        File.WriteAllText(_functions.Combine("broken", "function.json"), """{"app": "Broken!", "handler": "x y"}""");
        await using var worker = await WorkerProcess.StartAsync(_functions.Path);

        using var unknown = await worker.InvokeAsync("nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("No function 'nobody' is registered", (await ProblemAsync(unknown)).GetProperty("detail").GetString());

        using var wrong = await worker.InvokeAsync("wrong");
        Assert.Equal(HttpStatusCode.InternalServerError, wrong.StatusCode);
        Assert.Contains("HandleAsync returns System.Threading.Tasks.Task`1[System.String]", (await ProblemAsync(wrong)).GetProperty("detail").GetString());
        var status = await worker.StatusOfAsync("wrong");
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Contains("public Task<IResult> HandleAsync(HttpContext context)", status.GetProperty("reason").GetString());

        using var missing = await worker.InvokeAsync("missing");
        Assert.Contains("has no class 'Strata.Fixtures.Functions.NoSuchClass'", (await ProblemAsync(missing)).GetProperty("detail").GetString());

        var broken = await worker.StatusOfAsync("broken");
        Assert.Equal("failed", broken.GetProperty("state").GetString());
        Assert.Contains("app: must be a DNS-safe name", broken.GetProperty("reason").GetString());
        Assert.Contains("revision: is required", broken.GetProperty("reason").GetString());
        Assert.Contains("handler: must be the full name", broken.GetProperty("reason").GetString());

        // A request that names no function is the worker's own, and says how to name one.
        using var anonymous = await worker.Http.GetAsync(new Uri("/hello", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_function_registered_while_the_worker_runs_is_served()
    {
        await using var worker = await WorkerProcess.StartAsync(_functions.Path);
        using (var before = await worker.InvokeAsync("late"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        FunctionFolders.Register(_functions.Path, "late", "Hello");
        // The catalog rescans on a miss at most every 200 ms; the bounded retries cover that.
        HttpStatusCode status = 0;
        for (var attempt = 0; attempt < 50 && status != HttpStatusCode.OK; attempt++)
        {
            using var response = await worker.InvokeAsync("late");
            status = response.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_worker_with_a_missing_functions_folder_stops_at_start_saying_which_setting_to_fix()
    {
        var missing = _functions.Combine("no-such-folder");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkerProcess.StartAsync(missing));

        Assert.Contains("exited: True", error.Message);
        Assert.Contains($"Strata:Functions:Directory: the functions folder '{missing}' does not exist", error.Message);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
