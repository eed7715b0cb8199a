using System.Globalization;

namespace Strata.Core.Processes;

/// <summary>
/// Reads a process's start time from <c>/proc/&lt;pid&gt;/stat</c>. Pids are reused, so a pid alone
/// does not say a process is still the one we started; pid plus start time does.
/// </summary>
internal static class ProcStat
{
    /// <summary>Field 22 of <c>/proc/&lt;pid&gt;/stat</c> (clock ticks after boot), or null when unknown.</summary>
    public static long? StartTime(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses the start time out of a stat line.</summary>
    public static long? Parse(string stat)
    {
        // Field 2 is the command name in parentheses and may hold spaces and ')' itself, so the
        // fields are counted from the last ')': field 3 comes right after it.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int startTimeIndex = 22 - 3;
        return fields.Length > startTimeIndex
               && long.TryParse(fields[startTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;
    }
}
