using Strata.Core.Auth;

namespace Strata.Core.Tests.Auth;

public sealed class AccessTokenSecretTests
{
    [Fact]
    public void A_new_token_parses_back_to_its_id_and_its_secret_matches_only_its_hash()
    {
        var (id, text, hash) = AccessTokenSecret.Create();
        var (_, otherText, otherHash) = AccessTokenSecret.Create();

        Assert.True(AccessTokenSecret.TryParse(text, out var parsedId, out var secret));
        Assert.Equal(id, parsedId);
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
        Assert.True(AccessTokenSecret.Matches(secret, hash));
        Assert.False(AccessTokenSecret.Matches(secret, otherHash));
        Assert.NotEqual(text, otherText);
        Assert.Equal(64, hash.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer strata_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("strata_0123456789ABCDEF_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("strata_0123456789abcdef_aaaa")]
    [InlineData("strata_0123456789abcdef-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("strata_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    public void Refuses_text_of_another_shape(string? text) => Assert.False(AccessTokenSecret.TryParse(text, out _, out _));
}
