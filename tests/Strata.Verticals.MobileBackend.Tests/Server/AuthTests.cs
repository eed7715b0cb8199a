using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>Sign-up, sign-in and refresh against a real server; tokens that are not the server's are refused, never taken for anonymous.</summary>
public sealed class AuthTests(TodoServer fixture) : IClassFixture<TodoServer>
{
    [Fact]
    public async Task Sign_in_and_a_refresh_token_that_works_once()
    {
        var (_, userId, session) = await fixture.Server.SignUpAsync("auth@example.com");
        using var duplicate = await fixture.Server.Http.PostAsJsonAsync("/auth/signup", new { email = "AUTH@example.com", password = "another password" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var wrong = await fixture.Server.Http.PostAsJsonAsync("/auth/signin", new { email = "auth@example.com", password = "wrong password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var unknown = await fixture.Server.Http.PostAsJsonAsync("/auth/signin", new { email = "nobody@example.com", password = "wrong password" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadFromJsonAsync<JsonObject>() is { } a ? a["detail"]!.GetValue<string>() : null, (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());

        using var signIn = await fixture.Server.Http.PostAsJsonAsync("/auth/signin", new { email = "auth@example.com", password = "correct horse battery" });
        Assert.Equal(userId, (await signIn.Content.ReadFromJsonAsync<JsonObject>())!["userId"]!.GetValue<string>());

        var refreshToken = session["refreshToken"]!.GetValue<string>();
        using var refreshed = await fixture.Server.Http.PostAsJsonAsync("/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = await refreshed.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotEqual(refreshToken, next!["refreshToken"]!.GetValue<string>());
        using var me = fixture.Server.ClientWith(next["accessToken"]!.GetValue<string>());
        Assert.Equal("auth@example.com", (await me.GetFromJsonAsync<JsonObject>("/auth/me"))!["email"]!.GetValue<string>());

        using var replayed = await fixture.Server.Http.PostAsJsonAsync("/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task A_tampered_or_foreign_token_is_a_401_not_an_anonymous_caller()
    {
        var (_, _, session) = await fixture.Server.SignUpAsync("tamper@example.com");
        var token = session["accessToken"]!.GetValue<string>();
        var parts = token.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? 'B' : 'A') + parts[2][1..];
        foreach (var bad in new[] { tampered, "not-a-jwt", parts[0] + "." + parts[1] + "." })
        {
            using var client = fixture.Server.ClientWith(bad);
            using var response = await client.GetAsync("/collections/todos");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_weak_sign_up_names_each_field()
    {
        using var response = await fixture.Server.Http.PostAsJsonAsync("/auth/signup", new { email = "not an address", password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["email", "password"], (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Without_the_push_role_a_user_may_not_queue_notifications()
    {
        var (user, userId, _) = await fixture.Server.SignUpAsync("push-target@example.com");
        using var denied = await user.PostAsJsonAsync("/push", new { userId, title = "hi" });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
