using Strata.Cli;
using Strata.Cli.Rendering;

return await StrataCli.RunAsync(args, new CliContext(CliConsole.FromSystem())).ConfigureAwait(false);
