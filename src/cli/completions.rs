//! `kgforge completions SHELL` and `kgforge man`: generated from the clap definitions, so
//! they never fall behind the commands.

use std::io::Write;

use clap::CommandFactory;

use super::console::stdout;
use super::{Cli, Failure};

/// Arguments of `kgforge completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Install (each shell reads its completions from a place of its own):
  bash:  kgforge completions bash > ~/.local/share/bash-completion/completions/kgforge
  zsh:   kgforge completions zsh > ~/.zfunc/_kgforge   (with fpath+=~/.zfunc before compinit)
  fish:  kgforge completions fish > ~/.config/fish/completions/kgforge.fish")]
pub(crate) struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Arguments of `kgforge man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Install:
  kgforge man > ~/.local/share/man/man1/kgforge.1    then: man kgforge
  kgforge man | man -l -                             read it without installing")]
pub(crate) struct ManArgs {}

/// Prints the completion script for a shell.
pub(crate) fn completions(args: &CompletionArgs) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "kgforge", &mut script);
    let mut out = stdout();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}

/// Prints the man page, with a section for each command.
pub(crate) fn man(_: &ManArgs) -> Result<(), Failure> {
    let command = Cli::command();
    let mut page = Vec::new();
    let render = |e: std::io::Error| Failure::Error(format!("cannot render the man page: {e}"));
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut page).map_err(render)?;
    man.render_name_section(&mut page).map_err(render)?;
    man.render_synopsis_section(&mut page).map_err(render)?;
    man.render_description_section(&mut page).map_err(render)?;
    man.render_options_section(&mut page).map_err(render)?;
    // One section per command, with its options: `kgforge help build` in roff.
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        let mut section = Vec::new();
        let sub = sub.clone().bin_name(format!("kgforge {name}"));
        clap_mangen::Man::new(sub)
            .render_synopsis_section(&mut section)
            .and_then(|()| {
                clap_mangen::Man::new(command.find_subcommand(name).cloned().unwrap_or_default())
                    .render_options_section(&mut section)
            })
            .map_err(render)?;
        let about = command
            .find_subcommand(name)
            .and_then(|s| s.get_about())
            .map(ToString::to_string)
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&section)
            .replacen(
                ".SH SYNOPSIS",
                &format!(".SH \"KGFORGE {}\"\n{about}\n.PP", name.to_uppercase()),
                1,
            )
            .replace(".SH OPTIONS", ".PP\nOptions:");
        page.extend_from_slice(text.as_bytes());
    }
    man.render_extra_section(&mut page).map_err(render)?;
    man.render_version_section(&mut page).map_err(render)?;
    man.render_authors_section(&mut page).map_err(render)?;
    let mut out = stdout();
    out.write_all(&page)?;
    out.flush()?;
    Ok(())
}
