using System.Globalization;

namespace Strata.Core.State;

/// <summary>
/// Timestamps are stored as ISO-8601 UTC text with all seven fractional digits: readable with the
/// sqlite3 shell, sortable as text, and exact to the tick, so a value reads back equal.
/// </summary>
internal static class StateTimestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) => new(
        DateTime.SpecifyKind(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc));
}
