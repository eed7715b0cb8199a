using Strata.Testing;

namespace Strata.Verticals.MobileBackend.Tests.Server;

/// <summary>One server with the <see cref="Specs.Todo"/> app, shared by the tests of a class.</summary>
public sealed class TodoServer : IAsyncLifetime
{
    private readonly TempDirectory _folder = new("strata-mobile-todo");
    private ServerProcess? _server;

    internal ServerProcess Server => _server!;

    public string DataDirectory => _folder.Combine("data");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(DataDirectory, Specs.Todo);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _folder.Dispose();
    }
}
