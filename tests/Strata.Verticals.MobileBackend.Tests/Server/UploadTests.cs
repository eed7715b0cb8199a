using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>Uploads within the app's limits are kept and served to their owner; others are refused and leave nothing behind.</summary>
public sealed class UploadTests(TodoServer fixture) : IClassFixture<TodoServer>
{
    [Fact]
    public async Task An_upload_within_the_limits_is_kept_and_only_its_owner_reads_it()
    {
        var (owner, _, _) = await fixture.Server.SignUpAsync("files-owner@example.com");
        var (other, _, _) = await fixture.Server.SignUpAsync("files-other@example.com");
        var bytes = new byte[1024];
        Random.Shared.NextBytes(bytes);
        using var upload = await owner.PostAsync("/files?name=notes.txt", Content(bytes, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var file = await upload.Content.ReadFromJsonAsync<JsonObject>();
        var id = file!["id"]!.GetValue<string>();
        Assert.Equal(1024, file["size"]!.GetValue<long>());

        Assert.Equal(bytes, await owner.GetByteArrayAsync($"/files/{id}"));
        using var stranger = await other.GetAsync($"/files/{id}");
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        using var anonymous = await fixture.Server.Http.GetAsync($"/files/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_upload_over_the_limit_is_refused_and_nothing_is_kept(bool announceLength)
    {
        var (client, _, _) = await fixture.Server.SignUpAsync($"too-big-{announceLength}@example.com");
        var before = FilesOnDisk();
        HttpContent content = announceLength
            ? Content(new byte[1025], "text/plain")
            : new StreamContent(new UnknownLengthStream(new byte[64 * 1024])); // chunked: the server counts as it reads
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var response = await client.PostAsync("/files", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, FilesOnDisk());
    }

    [Fact]
    public async Task A_type_the_app_does_not_take_is_refused_and_an_anonymous_upload_too()
    {
        var (client, _, _) = await fixture.Server.SignUpAsync("wrong-type@example.com");
        using var wrongType = await client.PostAsync("/files", Content([1, 2, 3], "application/x-msdownload"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        using var image = await client.PostAsync("/files", Content([1, 2, 3], "image/png"));
        Assert.Equal(HttpStatusCode.Created, image.StatusCode);
        using var anonymous = await fixture.Server.Http.PostAsync("/files", Content([1, 2, 3], "text/plain"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private string[] FilesOnDisk() => [.. Directory.GetFiles(Path.Combine(fixture.DataDirectory, "files")).Select(Path.GetFileName).Order()!];

    private static ByteArrayContent Content(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    /// <summary>A stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
