using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.EndToEnd.Tests;

/// <summary>
/// Tokens from a person's side, with real processes: the first <c>strata up</c> shows the admin token once
/// and keeps it in an owner-only CLI config; <c>strata token create | list | revoke</c>; a scoped token
/// does what its scopes allow and gets exit code 5 for the rest; a revoked one gets 4; <c>strata login</c>
/// keeps a token read from standard input.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TokensEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new("strata-tokens-e2e");

    [Fact]
    public async Task First_start_keeps_the_admin_token_and_scoped_tokens_do_only_what_they_allow()
    {
        string server;
        await using (var host = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"), "--plugins", _root.Combine("none")))
        {
            server = host.Url.ToString();
            Assert.Contains("Created the first admin token", host.Output, StringComparison.Ordinal);
            Assert.Contains(host.Token, host.Output, StringComparison.Ordinal);
            var config = CliProcess.ConfigPath(_root.Path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
            Assert.Equal(host.Token, JsonNode.Parse(await File.ReadAllTextAsync(config))!["hosts"]![$"http://127.0.0.1:{host.Url.Port}"]!["token"]!.GetValue<string>());

            // The admin token from the config file: no --token, no environment.
            var created = await CliProcess.RunAsync(_root.Path, "token", "create", "reader", "--scope", "*:read", "--expires", "30d", "--server", server);
            Assert.True(created.ExitCode == 0, created.ToString());
            var readerToken = created.Stdout.Trim();
            Assert.StartsWith("strata_", readerToken, StringComparison.Ordinal);
            Assert.Contains("shown only now", created.Stderr, StringComparison.Ordinal);

            var list = await CliProcess.RunAsync(_root.Path, "token", "list", "--server", server);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Matches(@"(?m)^reader\s+\*:read\s+active", list.Stdout);
            Assert.Matches(@"(?m)^admin\s+admin\s+active", list.Stdout);
            Assert.DoesNotContain(readerToken, list.Stdout, StringComparison.Ordinal);

            var asReader = new Dictionary<string, string> { ["STRATA_TOKEN"] = readerToken };
            var apps = await CliProcess.RunAsync(_root.Path, asReader, null, "apps", "--server", server);
            Assert.True(apps.ExitCode == 0, apps.ToString());
            var refused = await CliProcess.RunAsync(_root.Path, asReader, null, "token", "create", "sneaky", "--scope", "admin", "--server", server);
            Assert.True(refused.ExitCode == 5, refused.ToString());
            Assert.Contains("error: the token may not do this", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("'reader'", refused.Stderr, StringComparison.Ordinal);

            var badScope = await CliProcess.RunAsync(_root.Path, "token", "create", "odd", "--scope", "functions:fly", "--server", server);
            Assert.True(badScope.ExitCode == 1, badScope.ToString());
            Assert.Contains("error: scopes[0]:", badScope.Stderr, StringComparison.Ordinal);

            var revoked = await CliProcess.RunAsync(_root.Path, "token", "revoke", "reader", "--server", server);
            Assert.True(revoked.ExitCode == 0, revoked.ToString());
            var afterRevoke = await CliProcess.RunAsync(_root.Path, asReader, null, "apps", "--server", server);
            Assert.True(afterRevoke.ExitCode == 4, afterRevoke.ToString());
            Assert.Contains("revoked", afterRevoke.Stderr, StringComparison.Ordinal);
            Assert.Contains("strata login", afterRevoke.Stderr, StringComparison.Ordinal);

            // 'strata login' in another folder (another config) keeps a token it reads from standard input.
            var elsewhere = _root.Combine("elsewhere");
            Directory.CreateDirectory(elsewhere);
            var anonymous = await CliProcess.RunAsync(elsewhere, "apps", "--server", server);
            Assert.True(anonymous.ExitCode == 4, anonymous.ToString());
            var login = await CliProcess.RunAsync(elsewhere, new Dictionary<string, string>(), host.Token + "\n", "login", "--server", server);
            Assert.True(login.ExitCode == 0, login.ToString());
            Assert.Contains("as token 'admin'", login.Stdout, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CliProcess.ConfigPath(elsewhere)));
            var signedIn = await CliProcess.RunAsync(elsewhere, "apps", "--server", server);
            Assert.True(signedIn.ExitCode == 0, signedIn.ToString());
            var badLogin = await CliProcess.RunAsync(elsewhere, new Dictionary<string, string>(), "strata_not_a_token\n", "login", "--server", server);
            Assert.True(badLogin.ExitCode == 4, badLogin.ToString());
        }

        // A second start over the same data makes no new token and shows none.
        await using var again = await HostProcess.StartAsync(_root.Path, "--data", _root.Combine("data"), "--plugins", _root.Combine("none"));
        Assert.DoesNotContain("Created the first admin token", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("strata_", again.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
