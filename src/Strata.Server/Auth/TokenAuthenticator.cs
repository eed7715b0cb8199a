using System.Collections.Concurrent;
using Strata.Core.Auth;
using Strata.Core.State;

namespace Strata.Server.Auth;

/// <summary>
/// Checks bearer tokens against the state store, keeping what it read for a few seconds so that a burst
/// of calls (a vertical API under load) costs one lookup. Every sign-in of the host goes through it
/// (bearer tokens and the dashboard's form), and the check itself is <see cref="TokenRecord.Verify"/>. Expiry is checked on every use; a revoke through
/// this host drops the entry at once (<see cref="Forget"/>), one through another host within <see cref="CacheFor"/>.
/// </summary>
public sealed class TokenAuthenticator(StateStore state, TimeProvider time)
{
    /// <summary>How long a token read from the store is trusted without reading it again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (TokenRecord Token, DateTimeOffset ReadAt)> _recent = new(StringComparer.Ordinal);

    /// <summary>The token <paramref name="text"/> stands for, or null and why it does not.</summary>
    public async Task<(TokenRecord? Token, string? Problem)> AuthenticateAsync(string? text, CancellationToken ct)
    {
        if (!AccessTokenSecret.TryParse(text, out var id, out var secret))
        {
            return (null, TokenRecord.NotATokenProblem);
        }

        var now = time.GetUtcNow();
        TokenRecord? token;
        if (_recent.TryGetValue(id, out var cached) && now - cached.ReadAt < CacheFor)
        {
            token = cached.Token;
        }
        else
        {
            token = await state.GetTokenAsync(id, ct).ConfigureAwait(false);
            if (token is null)
            {
                _recent.TryRemove(id, out _);
            }
            else
            {
                _recent[id] = (token, now);
            }
        }

        return TokenRecord.Verify(id, secret, token, now);
    }

    /// <summary>Drops what is kept of the token <paramref name="id"/> (after a revoke).</summary>
    public void Forget(string id) => _recent.TryRemove(id, out _);
}
