using System.CommandLine;

namespace Strata.Cli.Completion;

/// <summary><c>strata completion bash|zsh|fish|pwsh</c>: prints the script that makes the shell complete strata's commands, options and app names.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext cli)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong([.. ShellScripts.Shells]);
        var command = new Command("completion", "Print the shell script that completes strata's commands, options and app names (see docs/cli.md).") { shell };
        command.SetAction(parse =>
        {
            cli.Console.OutWriter.Write(ShellScripts.For(parse.GetValue(shell)!));
            return 0;
        });
        return command;
    }
}
