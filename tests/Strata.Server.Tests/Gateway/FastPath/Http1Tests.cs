using System.Buffers;
using System.Text;
using Strata.Core.Runtime;
using Strata.Server.Gateway;
using Strata.Server.Gateway.FastPath;
using Strata.Workloads;

namespace Strata.Server.Tests.Gateway.FastPath;

/// <summary>The fast path's HTTP/1.1 reading: what it relays itself, and what it leaves to Kestrel.</summary>
public sealed class Http1Tests
{
    [Fact]
    public void Reads_a_simple_request()
    {
        var head = Bytes("POST /apps/web/shop/cart?id=3 HTTP/1.1\r\nHost: example.test:5480\r\nContent-Length: 12\r\nConnection: keep-alive, Close\r\n\r\n");

        Assert.True(Parse(head, out var method, out var target, out var host, out var length, out var close, out var retryable));
        Assert.Equal("POST", method);
        Assert.Equal("/apps/web/shop/cart?id=3", target);
        Assert.Equal("example.test:5480", host);
        Assert.Equal(12, length);
        Assert.True(close);
        Assert.False(retryable);
    }

    [Fact]
    public void A_get_without_body_may_be_retried()
    {
        Assert.True(Parse(Bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), out _, out _, out _, out var length, out var close, out var retryable));
        Assert.Equal(0, length);
        Assert.False(close);
        Assert.True(retryable);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\n\r\n", "HTTP/1.0")]
    [InlineData("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", "absolute form")]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "no Host")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "two Hosts")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", "chunked body")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", "two lengths")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3a\r\n\r\n", "bad length")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "negative length")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n", "upgrade")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n", "expect")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n folded\r\n\r\n", "obsolete fold")]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "space before colon")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0001c\r\n\r\n", "control character")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\nX-B: c\r\n\r\n", "bare LF")]
    [InlineData("GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", "control character in target")]
    [InlineData("G@T / HTTP/1.1\r\nHost: a\r\n\r\n", "method not a token")]
    public void Leaves_to_kestrel_what_it_is_not_sure_about(string head, string why)
    {
        Assert.False(Parse(Bytes(head), out _, out _, out _, out _, out _, out _), why);
    }

    [Fact]
    public void Leaves_an_over_long_head_to_kestrel()
    {
        var head = Bytes($"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('x', Http1Request.MaxHeadLength)}\r\n\r\n");
        Assert.False(Parse(head, out _, out _, out _, out _, out _, out _));
    }

    [Theory]
    [InlineData("Connection: x", true)]
    [InlineData("keep-alive: 5", true)]
    [InlineData("TE: trailers", true)]
    [InlineData("Host: a", true)]
    [InlineData("X-Forwarded-For: 1.2.3.4", true)]
    [InlineData("x-forwarded-prefix: /x", true)]
    [InlineData("Proxy-Connection: close", true)]
    [InlineData("Accept: */*", false)]
    [InlineData("X-Forwarded-Other: a", false)]
    [InlineData("Forwarded: for=1.2.3.4", false)]
    public void Replaces_hop_by_hop_and_forwarding_headers(string line, bool replaced) =>
        Assert.Equal(replaced, Http1Request.IsReplacedOnForward(Bytes(line)));

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", false, BodyFraming.Length, 5, false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, BodyFraming.Chunked, 0, false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 9\r\n\r\n", false, BodyFraming.Chunked, 9, false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", false, BodyFraming.UntilClose, 0, true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", false, BodyFraming.UntilClose, 0, true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true, BodyFraming.None, 5, false)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", false, BodyFraming.None, 0, false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", false, BodyFraming.None, 5, false)]
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", false, BodyFraming.None, 0, false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n", false, BodyFraming.Length, 5, true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n", false, BodyFraming.Length, 5, true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n", false, BodyFraming.Length, 5, false)]
    internal void Frames_responses_as_RFC_9112_says(string head, bool toHead, BodyFraming framing, long length, bool replicaCloses)
    {
        var relayed = new ArrayBufferWriter<byte>();
        var closeClient = false;
        Assert.True(ParseResponse(Bytes(head), toHead, ref closeClient, relayed, out var actualFraming, out var actualLength, out var closes));
        Assert.Equal(framing, actualFraming);
        Assert.Equal(length, actualLength);
        Assert.Equal(replicaCloses, closes);

        // A body that ends when the replica closes cannot be followed by another response to the client.
        Assert.Equal(framing == BodyFraming.UntilClose, closeClient);
    }

    [Fact]
    public void Relays_the_response_head_without_hop_by_hop_headers_as_HTTP_1_1()
    {
        var relayed = new ArrayBufferWriter<byte>();
        var closeClient = true;
        var head = Bytes("HTTP/1.0 201 Created\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\nX-Id: 7\r\n\r\n");

        Assert.True(ParseResponse(head, false, ref closeClient, relayed, out _, out _, out _));
        Assert.Equal("HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-Id: 7\r\nConnection: close\r\n\r\n", Encoding.ASCII.GetString(relayed.WrittenSpan));
    }

    [Theory]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 Low\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon\r\n\r\n")]
    public void Refuses_responses_it_cannot_relay(string head)
    {
        var closeClient = false;
        Assert.False(ParseResponse(Bytes(head), false, ref closeClient, new ArrayBufferWriter<byte>(), out _, out _, out _));
    }

    [Fact]
    public void Finds_the_end_of_a_chunked_body_however_it_is_split()
    {
        var body = Bytes("5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n");
        var next = Bytes("HTTP/1.1 200 OK\r\n");
        var all = body.Concat(next).ToArray();
        for (var split = 0; split <= all.Length; split++)
        {
            var reader = default(ChunkedBodyReader);
            Assert.True(reader.TryAdvance(new ReadOnlySequence<byte>(all, 0, split), out var first));
            var consumed = first;
            if (!reader.IsDone)
            {
                Assert.Equal(split, first);
                Assert.True(reader.TryAdvance(new ReadOnlySequence<byte>(all, split, all.Length - split), out var second));
                consumed += second;
            }

            Assert.True(reader.IsDone, $"split at {split}");
            Assert.Equal(body.Length, consumed);
        }
    }

    [Theory]
    [InlineData("zz\r\n")]
    [InlineData("5\r\nhelloXY")]
    [InlineData(";\r\n")]
    public void Refuses_a_malformed_chunked_body(string body)
    {
        var reader = default(ChunkedBodyReader);
        Assert.False(reader.TryAdvance(new ReadOnlySequence<byte>(Bytes(body)), out _));
    }

    [Theory]
    [InlineData("/apps/web/shop", "root", "")]
    [InlineData("/apps/web/shop/", "root", "/")]
    [InlineData("/apps/web/shop?q=1", "root", "?q=1")]
    [InlineData("/apps/web/shop/cart/items", "root", "/cart/items")]
    [InlineData("/apps/web/shop/api", "api", "")]
    [InlineData("/apps/web/shop/api/orders?x", "api", "/orders?x")]
    [InlineData("/apps/web/shop/apix", "root", "/apix")]
    public void Matches_the_longest_route_prefix_of_an_app(string target, string route, string forwarded)
    {
        var table = Table();
        Assert.True(table.TryMatch(Bytes(target), out var match, out var rest));
        Assert.Equal(route == "api" ? "/api" : "", match.Prefix);
        Assert.Equal(route == "api" ? "catalog" : "web", match.Cluster.Service);
        Assert.Equal(forwarded, Encoding.ASCII.GetString(rest));
    }

    [Theory]
    [InlineData("/apps/web/shopx/")]
    [InlineData("/apps/web/other/")]
    [InlineData("/apps/web/")]
    [InlineData("/apps/Web/shop/")]
    [InlineData("/apps/web/sh%6Fp/")]
    [InlineData("/api/apps")]
    [InlineData("/apps/web/hosted/")]
    public void Leaves_unknown_apps_and_host_routes_to_kestrel(string target) =>
        Assert.False(Table().TryMatch(Bytes(target), out _, out _));

    [Fact]
    public void Keeps_destinations_across_rebuilds_and_removes_the_ones_that_left()
    {
        var first = Table();
        var kept = first.Destinations.Single(d => d.Id == "web-1");
        var second = Table(first, withSecondReplica: false);

        Assert.Same(kept, second.Destinations.Single(d => d.Id == "web-1"));
        Assert.DoesNotContain(second.Destinations, d => d.Id == "web-2");
    }

    [Fact]
    public void Least_requests_picks_the_idle_replica_and_skips_unhealthy_and_tried_ones()
    {
        var cluster = Table().Destinations.Where(d => d.Id.StartsWith("web-", StringComparison.Ordinal)).ToArray();
        var web = new GatewayCluster(new AppRef("web", "shop"), "web", cluster);
        cluster[0].Begin();

        Assert.Same(cluster[1], web.Pick(LoadBalancing.LeastRequests, null, null));
        cluster[1].MarkUnhealthy(TimeSpan.FromMinutes(1));
        Assert.Same(cluster[0], web.Pick(LoadBalancing.LeastRequests, null, null));
        Assert.Null(web.Pick(LoadBalancing.RoundRobin, cluster[0], null));
    }

    private static GatewayTable Table(GatewayTable? previous = null, bool withSecondReplica = true)
    {
        var shop = new AppRef("web", "shop");
        var workloads = new WorkloadSet
        {
            Routes =
            [
                new Route { Name = "root", Service = "web" },
                new Route { Name = "api", Service = "catalog", PathPrefix = "/api/" },
            ],
        };
        var webDestinations = new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>
        {
            ["web-1"] = new() { Address = "http://127.0.0.1:9001/" },
        };
        if (withSecondReplica)
        {
            webDestinations["web-2"] = new() { Address = "http://127.0.0.1:9002/" };
        }

        var clusters = GatewayAppConfig.Clusters(shop, workloads, new Dictionary<string, Uri>(), null, new GatewayOptions(), balanceReplicas: true)
            .Select(c => c.ClusterId.EndsWith("/web", StringComparison.Ordinal)
                ? c with { Destinations = webDestinations }
                : c with { Destinations = new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig> { ["catalog-1"] = new() { Address = "http://127.0.0.1:9003/" } } })
            .ToList();

        var hosted = new AppRef("web", "hosted");
        var hostedWorkloads = new WorkloadSet { Routes = [new Route { Name = "root", Service = "web", Host = "hosted.test" }] };
        return GatewayTable.Build(
            [
                (shop, GatewayAppConfig.Routes(shop, workloads), clusters, false),
                (hosted, GatewayAppConfig.Routes(hosted, hostedWorkloads), GatewayAppConfig.Clusters(hosted, hostedWorkloads, new Dictionary<string, Uri>(), null, new GatewayOptions(), true), true),
            ],
            previous ?? GatewayTable.Empty);
    }

    private static bool Parse(byte[] head, out string method, out string target, out string host, out long length, out bool close, out bool retryable)
    {
        var ok = Http1Request.TryParse(head, out var request);
        method = Encoding.ASCII.GetString(request.Method);
        target = Encoding.ASCII.GetString(request.Target);
        host = Encoding.ASCII.GetString(request.Host);
        length = request.ContentLength;
        close = request.Close;
        retryable = ok && request.IsRetryable;
        return ok;
    }

    private static bool ParseResponse(byte[] head, bool toHead, ref bool closeClient, ArrayBufferWriter<byte> relayed, out BodyFraming framing, out long length, out bool replicaCloses)
    {
        var ok = Http1Response.TryParse(head, toHead, ref closeClient, relayed, out var response);
        framing = response.Framing;
        length = response.ContentLength;
        replicaCloses = response.Close;
        return ok;
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
