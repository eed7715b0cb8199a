namespace Strata.Cli.Completion;

/// <summary>
/// The completion scripts of <c>strata completion &lt;shell&gt;</c>. Each hands the line and cursor to
/// <c>strata "[suggest:N]" "&lt;line&gt;"</c> on Tab and offers what comes back, so that completions follow the
/// installed CLI and the host without regenerating the script.
/// </summary>
internal static class ShellScripts
{
    /// <summary>The shells there is a script for.</summary>
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish", "pwsh"];

    /// <summary>The script for <paramref name="shell"/> (one of <see cref="Shells"/>).</summary>
    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "pwsh" => Pwsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "Not a shell strata has completions for."),
    };

    private const string Bash = """
        # strata completion for bash. Load it in this shell:  source <(strata completion bash)
        # or for every shell:  strata completion bash > ~/.local/share/bash-completion/completions/strata
        _strata_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}"
            local IFS=$'\n'
            local candidates
            candidates=$(strata "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${candidates}" -- "${cur}"))
        }
        complete -o default -F _strata_complete strata

        """;

    private const string Zsh = """
        #compdef strata
        # strata completion for zsh. Load it in this shell (after compinit):  source <(strata completion zsh)
        # or for every shell:  strata completion zsh > "${fpath[1]}/_strata"
        _strata() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$(strata "[suggest:${#line}]" "${line}" 2>/dev/null)}")
            candidates=("${(@)candidates:#}")
            if (( ${#candidates} )); then
                compadd -- "${candidates[@]}"
            else
                _files
            fi
        }
        if [[ "${funcstack[1]}" == "_strata" ]]; then
            _strata "$@"
        else
            compdef _strata strata
        fi

        """;

    private const string Fish = """
        # strata completion for fish. Load it in this shell:  strata completion fish | source
        # or for every shell:  strata completion fish > ~/.config/fish/completions/strata.fish
        function __strata_complete
            set -l line (commandline -cp)
            set -l candidates (strata "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null)
            if test (count $candidates) -gt 0
                printf '%s\n' $candidates
            else
                __fish_complete_path (commandline -ct)
            end
        end
        complete -c strata -f -a '(__strata_complete)'

        """;

    private const string Pwsh = """
        # strata completion for PowerShell. Load it in this session:  strata completion pwsh | Out-String | Invoke-Expression
        # or for every session: add that line to $PROFILE.
        Register-ArgumentCompleter -Native -CommandName strata -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $position = $cursorPosition - $commandAst.Extent.StartOffset
            if ($line.Length -lt $position) { $line = $line.PadRight($position) }
            & strata "[suggest:$position]" "$line" 2>$null | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
