//! Drawing DOT as SVG or PNG with the Graphviz `dot` program.

use std::io::Write;
use std::process::{Command, Stdio};

use super::Format;

/// Why Graphviz could not draw a graph.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// `dot` is not on the PATH.
    #[error(
        "Graphviz `dot` is not installed, so no {0} was drawn; install it (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`) or leave {0} out of --format"
    )]
    NotInstalled(&'static str),
    /// `dot` ran and failed.
    #[error("Graphviz `dot` failed: {0}")]
    Failed(String),
}

/// Runs `dot -T<svg|png>` on DOT text and returns the drawing and whatever `dot` printed on
/// stderr (warnings; empty when the DOT is clean).
///
/// # Errors
/// [`RenderError::NotInstalled`] when `dot` cannot be started; [`RenderError::Failed`] when it
/// exits with an error.
pub fn render_with_graphviz(dot: &[u8], format: Format) -> Result<(Vec<u8>, String), RenderError> {
    let kind = match format {
        Format::Png => "png",
        _ => "svg",
    };
    let mut child = Command::new("dot")
        .arg(format!("-T{kind}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                RenderError::NotInstalled(if kind == "png" { "PNG" } else { "SVG" })
            }
            _ => RenderError::Failed(e.to_string()),
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot.to_vec();
    // Feed stdin from a thread so a large drawing cannot deadlock on a full stdout pipe.
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| RenderError::Failed(e.to_string()))?;
    let fed = feeder
        .join()
        .map_err(|_| RenderError::Failed("writing to dot panicked".into()))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(RenderError::Failed(stderr.trim().to_string()));
    }
    fed.map_err(|e| RenderError::Failed(e.to_string()))?;
    Ok((output.stdout, stderr))
}
