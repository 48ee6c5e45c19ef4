//! `completions` and `man`: what a packaged command-line tool ships.

use std::process::ExitCode;

use clap::CommandFactory;

use claimgraph::{Error, Result};

use super::output::info;
use super::{Cli, CompletionsArgs, ManArgs};

pub fn completions(a: CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    clap_complete::generate(a.shell, &mut cmd, "claimgraph", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

pub fn man(a: ManArgs) -> Result<ExitCode> {
    let cmd = Cli::command();
    match a.output {
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out).map_err(|e| Error::io("<stdout>", e))?;
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            clap_mangen::generate_to(cmd, &dir).map_err(|e| Error::io(&dir, e))?;
            info(&format!("wrote manual pages into {}", dir.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
