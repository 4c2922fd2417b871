//! Drawing DOT as SVG or PNG with the Graphviz `dot` program.
//!
//! Graphviz measures text with the fonts installed, so the same DOT drawn on two machines gives
//! SVGs that differ in nearly every coordinate. What kgforge decides is the DOT; an SVG therefore
//! carries the SHA-256 of the DOT it was drawn from (`<metadata>`), which is what tests compare
//! and what lets a build keep an SVG that is already a drawing of the current DOT.

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
/// stderr (warnings; empty when the DOT is clean). An SVG is stamped with the digest of `dot`
/// (see [`svg_drawn_from`]).
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
    let drawing = match format {
        Format::Png => output.stdout,
        _ => stamp_svg(output.stdout, &dot_digest(dot)),
    };
    Ok((drawing, stderr))
}

/// The SHA-256 of DOT text, in lowercase hex: what an SVG drawn from it records.
///
/// ```
/// let digest = kgforge::export::dot_digest(b"digraph {}");
/// assert_eq!(digest.len(), 64);
/// ```
#[must_use]
pub fn dot_digest(dot: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(dot)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The element kgforge adds to an SVG; its attribute `dot-sha256` holds [`dot_digest`].
const STAMP_OPEN: &str = "<metadata id=\"kgforge-source\"><kgforge:drawn-from \
xmlns:kgforge=\"https://w3id.org/kgforge/vocab#\" dot-sha256=\"";
const STAMP_CLOSE: &str = "\"/></metadata>";

/// Puts the stamp right after the `<svg …>` start tag (an SVG without one is left alone).
fn stamp_svg(svg: Vec<u8>, digest: &str) -> Vec<u8> {
    let Some(start) = find(&svg, b"<svg") else {
        return svg;
    };
    let Some(end) = svg[start..].iter().position(|&b| b == b'>') else {
        return svg;
    };
    let at = start + end + 1;
    let mut out = Vec::with_capacity(svg.len() + STAMP_OPEN.len() + 64 + STAMP_CLOSE.len() + 1);
    out.extend_from_slice(&svg[..at]);
    out.push(b'\n');
    out.extend_from_slice(STAMP_OPEN.as_bytes());
    out.extend_from_slice(digest.as_bytes());
    out.extend_from_slice(STAMP_CLOSE.as_bytes());
    out.extend_from_slice(&svg[at..]);
    out
}

/// The digest of the DOT an SVG was drawn from, when kgforge drew it.
///
/// ```no_run
/// # use kgforge::export::{Format, dot_digest, render_with_graphviz, svg_drawn_from};
/// let dot = b"digraph { a -> b }";
/// let (svg, _warnings) = render_with_graphviz(dot, Format::Svg)?;
/// assert_eq!(svg_drawn_from(&svg), Some(dot_digest(dot).as_str()));
/// # Ok::<(), kgforge::export::RenderError>(())
/// ```
#[must_use]
pub fn svg_drawn_from(svg: &[u8]) -> Option<&str> {
    let start = find(svg, STAMP_OPEN.as_bytes())? + STAMP_OPEN.len();
    let digest = svg.get(start..start + 64)?;
    let closed = svg[start + 64..].starts_with(STAMP_CLOSE.as_bytes());
    let hex = digest
        .iter()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b));
    (closed && hex)
        .then(|| std::str::from_utf8(digest).ok())
        .flatten()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamped_svg_gives_back_its_digest() {
        let svg = b"<?xml version=\"1.0\"?>\n<svg width=\"8pt\" height=\"8pt\">\n<g/>\n</svg>\n";
        let digest = dot_digest(b"digraph {}");
        let stamped = stamp_svg(svg.to_vec(), &digest);
        assert_eq!(svg_drawn_from(&stamped), Some(digest.as_str()));
        assert_eq!(svg_drawn_from(svg), None);
        let text = String::from_utf8(stamped).unwrap();
        assert!(text.contains("height=\"8pt\">\n<metadata id=\"kgforge-source\">"));
    }
}
