namespace Strata.Testing;

/// <summary>
/// Lines of an htpasswd file as the distribution registry reads them: it accepts only bcrypt
/// entries, so they are made with BCrypt.Net-Next rather than apache2-utils' <c>htpasswd -B</c>.
/// </summary>
public static class Htpasswd
{
    /// <summary><c>user:$2a$…</c> for <paramref name="password"/> (cost 5: tests need speed, not strength).</summary>
    public static string Line(string user, string password) => $"{user}:{BCrypt.Net.BCrypt.HashPassword(password, workFactor: 5)}";
}
