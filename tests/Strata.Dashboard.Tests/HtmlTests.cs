using Strata.Core.Runtime;
using Strata.Server.Dashboard;
using Strata.Server.Dashboard.Pages;

namespace Strata.Dashboard.Tests;

/// <summary>Model-only tests of the dashboard's HTML writing and its small rules: no host, no browser.</summary>
public sealed class HtmlTests
{
    [Fact]
    public void Holes_are_encoded_and_markup_is_kept()
    {
        var name = "<script>alert('x')</script>";
        var inner = Html.Of($"<b>{name}</b>");

        var page = Html.Of($"""<td title="{name}">{inner}</td>""");

        Assert.Equal("<td title=\"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;\"><b>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</b></td>", page.Value);
        Assert.DoesNotContain("<script>", page.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_and_times_are_written_invariantly_and_null_is_empty()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            int? none = null;
            Assert.Equal("1.5|2026-01-02|", Html.Of($"{1.5}|{new DateTime(2026, 1, 2):yyyy-MM-dd}|{none}").Value);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData(null, "/dashboard")]
    [InlineData("", "/dashboard")]
    [InlineData("/dashboard/apps?vertical=web", "/dashboard/apps?vertical=web")]
    [InlineData("/dashboard", "/dashboard")]
    [InlineData("https://evil.example/dashboard", "/dashboard")]
    [InlineData("//evil.example/dashboard", "/dashboard")]
    [InlineData("/dashboard//evil.example", "/dashboard")]
    [InlineData("/dashboard\\..\\x", "/dashboard")]
    [InlineData("/dashboardx", "/dashboard")]
    [InlineData("/api/tokens", "/dashboard")]
    [InlineData("/dashboard/login?t=x", "/dashboard")]
    public void Return_urls_stay_on_the_dashboard(string? given, string expected) =>
        Assert.Equal(expected, LoginPage.LocalReturnUrl(given));

    [Fact]
    public void A_log_line_with_breaks_stays_one_event()
    {
        var entry = new LogEntry(new DateTimeOffset(2026, 11, 24, 18, 5, 9, TimeSpan.Zero), "web-1", "stdout", "one\r\ntwo\nthree");

        Assert.Equal("data: 18:05:09 web-1 one  two three\n\n", LogTail.Event(entry));
    }

    [Fact]
    public void Chromium_is_found_where_configured_or_at_the_first_candidate_and_ci_is_read()
    {
        var existing = typeof(HtmlTests).Assembly.Location;

        Assert.Equal(existing, Chromium.Find(existing, ["/nonexistent/chromium"]));
        Assert.Null(Chromium.Find("/nonexistent/chromium", [existing]));
        Assert.Equal(existing, Chromium.Find(null, ["/nonexistent/chromium", existing]));
        Assert.Null(Chromium.Find(null, ["/nonexistent/chromium"]));
        Assert.True(Chromium.IsCi("true"));
        Assert.False(Chromium.IsCi(null));
        Assert.Contains("eng/setup.sh", Chromium.MissingMessage(null), StringComparison.Ordinal);
    }
}
