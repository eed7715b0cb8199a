using System.CommandLine;
using Strata.Cli;
using Strata.Cli.Commands;

var server = new Option<string>("--server")
{
    Description = "The Strata host's URL (default: $STRATA_SERVER, else the config file's current host, else http://127.0.0.1:5480).",
    Recursive = true,
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STRATA_SERVER") is { Length: > 0 } url ? url : CurrentHost() ?? "http://127.0.0.1:5480",
};
var root = new RootCommand("Strata: build your own vertical PaaS on a container-as-a-service.");
root.Options.Add(server);
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(NewCommand.Create(server));
root.Subcommands.Add(DeployCommand.Create(server));
root.Subcommands.Add(RollbackCommand.Create(server));
root.Subcommands.Add(RenderCommand.Create(server));
root.Subcommands.Add(PluginCommand.Create(server));
root.Subcommands.Add(TokenCommand.Create(server));
root.Subcommands.Add(LoginCommand.Create(server));
foreach (var command in InspectCommands.Create(server))
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();

// The config file's current host; a broken config file is reported when a command needs its token.
static string? CurrentHost()
{
    try
    {
        return CliConfig.Load().Current;
    }
    catch (CliException)
    {
        return null;
    }
}
