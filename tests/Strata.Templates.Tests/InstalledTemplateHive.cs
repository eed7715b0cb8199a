using Strata.Testing;

namespace Strata.Templates.Tests;

/// <summary>The shared <see cref="TemplateHive"/> as a class fixture: the template is installed once per test class.</summary>
public sealed class InstalledTemplateHive : TemplateHive, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => InstallAsync();

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
