using Strata.Runtime.Local.Logs;

namespace Strata.Runtime.Local.Tests.Model;

public sealed class RotatingLogFileTests
{
    [Fact]
    public void Files_rotate_before_the_cap_and_the_oldest_beyond_the_count_go()
    {
        var directory = Directory.CreateTempSubdirectory("strata-rotation-");
        try
        {
            var path = Path.Combine(directory.FullName, "r.log");
            using (var file = new RotatingLogFile(path, maxBytes: 1000, maxFiles: 3))
            {
                for (var i = 0; i < 100; i++)
                {
                    file.WriteLine($"{i:D4} {new string('x', 94)}");
                }
            }

            // 100 lines of 100 bytes, 10 per file: the newest 30 lines survive, oldest in r.log.2.
            Assert.Equal(["r.log", "r.log.1", "r.log.2"], directory.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
            Assert.All(directory.GetFiles(), f => Assert.Equal(1000, f.Length));
            Assert.StartsWith("0070 ", File.ReadLines(path + ".2").First(), StringComparison.Ordinal);
            Assert.StartsWith("0099 ", File.ReadLines(path).Last(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
