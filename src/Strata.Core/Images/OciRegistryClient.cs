using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Images;

/// <summary>
/// The part of the OCI distribution API that publishing needs: read manifests and their digests,
/// check, mount and upload blobs, put manifests. Plain HTTP(S) with optional basic authentication.
/// </summary>
public sealed class OciRegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryOptions _options;

    /// <summary>Creates a client for the registry of <paramref name="options"/>.</summary>
    /// <exception cref="StrataException">The options are invalid or name no registry.</exception>
    public OciRegistryClient(RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            throw new StrataException("No registry is configured; set Strata:Registry:Address (host:port).", "Strata:Registry:Address");
        }

        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new StrataException(string.Join(" ", problems), "Strata:Registry");
        }

        _options = options;
        _http = new HttpClient { BaseAddress = options.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(options.Username))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        }
    }

    /// <summary>The registry address, <c>host[:port]</c>.</summary>
    public string Address => _options.Address!.Trim();

    /// <summary>Checks that the registry answers the distribution API (<c>GET /v2/</c>) and accepts the credentials.</summary>
    /// <exception cref="StrataException">It cannot be reached, or refuses.</exception>
    public async Task CheckAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/");
        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "answer GET /v2/", ct).ConfigureAwait(false);
    }

    /// <summary>The digest of the manifest <paramref name="reference"/> (tag or digest) names, or null when there is none.</summary>
    public async Task<string?> GetManifestDigestAsync(string repository, string reference, CancellationToken ct)
    {
        using var request = ManifestRequest(HttpMethod.Head, repository, reference);
        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"read the manifest {repository}:{reference}", ct).ConfigureAwait(false);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First()
            : throw new StrataException($"The registry at {_options.BaseUri} answered HEAD {repository}:{reference} without a Docker-Content-Digest header.");
    }

    /// <summary>The manifest <paramref name="reference"/> names: its bytes, media type and digest.</summary>
    /// <exception cref="StrataException">It does not exist or the registry failed.</exception>
    public async Task<(byte[] Content, string MediaType, string Digest)> GetManifestAsync(string repository, string reference, CancellationToken ct)
    {
        using var request = ManifestRequest(HttpMethod.Get, repository, reference);
        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new StrataException($"The image {Address}/{repository}:{reference} does not exist in the registry.");
        }

        await EnsureSuccessAsync(response, $"read the manifest {repository}:{reference}", ct).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? OciMediaTypes.Manifest;
        return (content, mediaType, Digest(content));
    }

    /// <summary>Reads a blob (a config or a layer) into memory.</summary>
    public async Task<byte[]> GetBlobAsync(string repository, string digest, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/blobs/{digest}");
        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"read the blob {digest} of {repository}", ct).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Whether the repository holds the blob.</summary>
    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{digest}");
        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"check the blob {digest} of {repository}", ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Makes sure <paramref name="repository"/> holds the blob: nothing when it does, a cross-repository
    /// mount from <paramref name="mountFrom"/> when the registry allows, otherwise a monolithic upload
    /// of what <paramref name="open"/> returns.
    /// </summary>
    public async Task EnsureBlobAsync(string repository, string digest, long length, Func<CancellationToken, Task<Stream>> open, string? mountFrom, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (await BlobExistsAsync(repository, digest, ct).ConfigureAwait(false))
        {
            return;
        }

        var start = mountFrom is null || mountFrom == repository
            ? $"v2/{repository}/blobs/uploads/"
            : $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(mountFrom)}";
        Uri location;
        using (var post = new HttpRequestMessage(HttpMethod.Post, start))
        {
            using var response = await SendAsync(post, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return;
            }

            await EnsureSuccessAsync(response, $"start uploading {digest} to {repository}", ct).ConfigureAwait(false);
            location = response.Headers.Location
                ?? throw new StrataException($"The registry at {_options.BaseUri} started an upload to {repository} without a Location header.");
        }

        var target = new UriBuilder(location.IsAbsoluteUri ? location : new Uri(_options.BaseUri, location));
        target.Query = (string.IsNullOrEmpty(target.Query) ? "" : target.Query.TrimStart('?') + "&") + "digest=" + Uri.EscapeDataString(digest);
        await using var body = await open(ct).ConfigureAwait(false);
        using var put = new HttpRequestMessage(HttpMethod.Put, target.Uri) { Content = new StreamContent(body) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        put.Content.Headers.ContentLength = length;
        using var done = await SendAsync(put, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(done, $"upload {digest} to {repository}", ct).ConfigureAwait(false);
    }

    /// <summary>Puts a manifest under <paramref name="tag"/> and returns its digest as the registry reports it.</summary>
    public async Task<string> PutManifestAsync(string repository, string tag, byte[] manifest, string mediaType, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"v2/{repository}/manifests/{tag}") { Content = new ByteArrayContent(manifest) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"push the manifest {repository}:{tag}", ct).ConfigureAwait(false);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : Digest(manifest);
    }

    /// <summary>The <c>sha256:…</c> digest of <paramref name="content"/>.</summary>
    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage ManifestRequest(HttpMethod method, string repository, string reference)
    {
        var request = new HttpRequestMessage(method, $"v2/{repository}/manifests/{reference}");
        foreach (var type in OciMediaTypes.AcceptedManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new StrataException(
                $"Cannot reach the registry at {_options.BaseUri} ({request.Method} {request.RequestUri}): {ex.Message}. Check Strata:Registry:Address and that the registry is running.",
                "Strata:Registry:Address", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new StrataException($"The registry at {_options.BaseUri} did not answer {request.Method} {request.RequestUri} within {_http.Timeout.TotalSeconds:0} s.", "Strata:Registry:Address", ex);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (body.Length > 500)
        {
            body = body[..500] + "…";
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The body is the registry's generic UNAUTHORIZED error; what the user needs is which settings to fix.
            var why = string.IsNullOrEmpty(_options.Username)
                ? "it requires credentials and none are configured; set Strata:Registry:Username and Strata:Registry:Password"
                : $"it does not accept the credentials of user '{_options.Username}'; check Strata:Registry:Username and Strata:Registry:Password";
            throw new StrataException($"The registry at {_options.BaseUri} refused to {what}: {(int)response.StatusCode} {response.ReasonPhrase}: {why}.", "Strata:Registry:Password");
        }

        throw new StrataException($"The registry at {_options.BaseUri} refused to {what}: {(int)response.StatusCode} {response.ReasonPhrase}. {body.Trim()}".TrimEnd());
    }
}
