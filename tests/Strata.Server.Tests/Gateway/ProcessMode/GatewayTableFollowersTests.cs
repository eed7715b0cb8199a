using Strata.Server.Gateway.ProcessMode;

namespace Strata.Server.Tests.Gateway.ProcessMode;

public sealed class GatewayTableFollowersTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task With_no_stream_open_there_is_nothing_to_wait_for()
    {
        var followers = new GatewayTableFollowers();

        await followers.WaitForAsync(42, CancellationToken.None).WaitAsync(Bound);

        Assert.False(followers.Confirm(1, 42));
    }

    [Fact]
    public async Task The_wait_ends_once_every_open_stream_confirmed_the_version_or_a_newer_one()
    {
        var followers = new GatewayTableFollowers();
        using var first = followers.StreamOpened();
        using var second = followers.StreamOpened();
        Assert.NotEqual(first.Id, second.Id);

        var wait = followers.WaitForAsync(5, CancellationToken.None);
        Assert.True(followers.Confirm(first.Id, 7));
        Assert.True(followers.Confirm(second.Id, 4));
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);

        // A confirmation never goes back: an older one after a newer one changes nothing.
        Assert.True(followers.Confirm(first.Id, 1));
        Assert.True(followers.Confirm(second.Id, 5));
        await wait.WaitAsync(Bound);
        var newer = followers.WaitForAsync(7, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(newer.IsCompleted);
    }

    [Fact]
    public async Task A_stream_that_closes_is_not_waited_for_and_its_id_is_not_taken_any_more()
    {
        var followers = new GatewayTableFollowers();
        var stream = followers.StreamOpened();
        var wait = followers.WaitForAsync(3, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(wait.IsCompleted);

        stream.Dispose();
        stream.Dispose();

        await wait.WaitAsync(Bound);
        Assert.False(followers.Confirm(stream.Id, 3));
    }

    [Fact]
    public async Task A_wait_ends_with_its_cancellation()
    {
        var followers = new GatewayTableFollowers();
        using var stream = followers.StreamOpened();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => followers.WaitForAsync(1, cancel.Token).WaitAsync(Bound));
    }
}
