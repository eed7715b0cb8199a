using System.Formats.Tar;
using System.Text;
using Strata.Core;
using Strata.Runtime.Kubernetes.Volumes;
using Strata.Testing;

namespace Strata.Runtime.Kubernetes.Tests.Volumes;

/// <summary>The mirror's extraction of real tar archives (written with System.Formats.Tar) into a real folder.</summary>
public sealed class TarMirrorTests : IDisposable
{
    private readonly TempDirectory _temp = new("strata-tar-mirror");

    private string Mirror => _temp.Combine("mirror");

    [Theory]
    [InlineData("../x")]
    [InlineData("./runs/../../x")]
    [InlineData("/etc/x")]
    public async Task An_entry_outside_the_folder_is_refused_and_nothing_is_written_outside(string name)
    {
        using var archive = Archive((name, "escape"));

        var error = await Assert.ThrowsAsync<StrataException>(() => TarMirror.SyncAsync(archive, Mirror, 1 << 20, "the test archive", CancellationToken.None));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("the test archive", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("x")));
        Assert.Empty(Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Files_are_mirrored_links_are_skipped_and_what_the_archive_no_longer_has_is_removed()
    {
        using (var first = Archive(("./runs/run-1/run.json", "{}"), ("./runs/run-0/tasks/0/progress", "100\n")))
        {
            await TarMirror.SyncAsync(first, Mirror, 1 << 20, "the test archive", CancellationToken.None);
        }

        // What the host writes into the mirror itself (the vertical's cancel mark) is not the archive's to remove.
        File.WriteAllText(Path.Combine(Mirror, "runs", "run-1", "cancelled"), "");
        using var archive = Archive(("./runs/run-1/run.json", "{}"), ("./runs/run-1/tasks/0/progress", "5\n"));
        archive.Position = archive.Length;
        using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "./runs/link") { LinkName = "/etc/passwd" });
        }

        archive.Position = 0;

        var files = await TarMirror.SyncAsync(archive, Mirror, 1 << 20, "the test archive", CancellationToken.None);

        Assert.Equal(2, files);
        Assert.Equal("5\n", File.ReadAllText(Path.Combine(Mirror, "runs", "run-1", "tasks", "0", "progress")));
        Assert.False(Path.Exists(Path.Combine(Mirror, "runs", "link")));
        Assert.False(Directory.Exists(Path.Combine(Mirror, "runs", "run-0")));
        Assert.True(File.Exists(Path.Combine(Mirror, "runs", "run-1", "cancelled")));
    }

    [Fact]
    public async Task Files_larger_than_the_cap_together_are_refused()
    {
        using var archive = Archive(("a", new string('a', 600)), ("b", new string('b', 600)));

        var error = await Assert.ThrowsAsync<StrataException>(() => TarMirror.SyncAsync(archive, Mirror, 1000, "the test archive", CancellationToken.None));

        Assert.Contains("more than 1000 bytes", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    // Entries written as GNU tar writes them (an absolute or dotted name is kept as given).
    private static MemoryStream Archive(params (string Name, string Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        stream.Position = 0;
        return stream;
    }
}
