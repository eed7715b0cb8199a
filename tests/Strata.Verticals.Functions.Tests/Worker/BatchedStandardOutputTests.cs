using System.Text;
using Strata.Verticals.Functions.Worker.Diagnostics;

namespace Strata.Verticals.Functions.Tests.Worker;

public sealed class BatchedStandardOutputTests
{
    [Fact]
    public void Lines_wait_in_the_buffer_until_the_interval_or_the_end()
    {
        using var stream = new MemoryStream();
        var output = BatchedStandardOutput.Over(stream, TimeSpan.FromHours(1));
        output.Writer.WriteLine("info: one");
        output.Writer.WriteLine("info: two");
        Assert.Equal(0, stream.Length);

        output.Dispose();
        Assert.Equal("info: one\ninfo: two\n", Encoding.UTF8.GetString(stream.ToArray()).ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_line_goes_out_within_the_interval_without_anyone_flushing()
    {
        var stream = new CollectingStream();
        using var output = BatchedStandardOutput.Over(stream, TimeSpan.FromMilliseconds(20));
        output.Writer.WriteLine("info: soon");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !stream.Text.Contains("info: soon", StringComparison.Ordinal))
        {
            await Task.Delay(10);
        }

        Assert.Contains("info: soon", stream.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_buffer_goes_out_at_once()
    {
        using var stream = new MemoryStream();
        using var output = BatchedStandardOutput.Over(stream, TimeSpan.FromHours(1));
        var line = new string('x', 1000);
        for (var i = 0; i < 100; i++)
        {
            output.Writer.WriteLine(line);
        }

        Assert.True(stream.Length >= 64 * 1024, $"{stream.Length} bytes written out");
    }

    // The timer writes on its own thread: a stream that can be read while it does.
    private sealed class CollectingStream : Stream
    {
        private readonly MemoryStream _bytes = new();

        public string Text
        {
            get
            {
                lock (_bytes)
                {
                    return Encoding.UTF8.GetString(_bytes.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_bytes)
            {
                _bytes.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
