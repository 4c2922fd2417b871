//! Drawing DOT as SVG or PNG with the Graphviz `dot` program.
//!
//! Graphviz measures text with the fonts installed, so the same DOT drawn on two machines gives
//! SVGs that differ in nearly every coordinate. What kgforge decides is the DOT; an SVG therefore
//! carries the SHA-256 of the DOT it was drawn from (`<metadata>`), which is what tests compare
//! and what lets a build keep an SVG that is already a drawing of the current DOT.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    /// `dot` ran longer than it was allowed to and was stopped.
    #[error("Graphviz `dot` was still drawing after {} s and was stopped", .0.as_secs_f64())]
    TimedOut(Duration),
}

/// Runs `dot -T<svg|png>` on DOT text and returns the drawing and whatever `dot` printed on
/// stderr (warnings; empty when the DOT is clean). An SVG is stamped with the digest of `dot`
/// (see [`svg_drawn_from`]). Waits as long as `dot` takes; see [`render_with_graphviz_within`].
///
/// # Errors
/// [`RenderError::NotInstalled`] when `dot` cannot be started; [`RenderError::Failed`] when it
/// exits with an error.
pub fn render_with_graphviz(dot: &[u8], format: Format) -> Result<(Vec<u8>, String), RenderError> {
    render_with_graphviz_within(dot, format, None)
}

/// [`render_with_graphviz`] with a time limit: when `dot` is still running after `timeout`,
/// it is killed and [`RenderError::TimedOut`] returned. Graphviz's layout grows much faster
/// than the graph (a few hundred nodes can take minutes), so callers that draw whatever
/// they are given should set one.
///
/// ```no_run
/// # use std::time::Duration;
/// # use kgforge::export::{Format, RenderError, render_with_graphviz_within};
/// match render_with_graphviz_within(b"digraph { a -> b }", Format::Svg, Some(Duration::from_secs(60))) {
///     Ok((svg, _warnings)) => assert!(svg.starts_with(b"<?xml")),
///     Err(RenderError::TimedOut(after)) => eprintln!("gave up after {after:?}"),
///     Err(e) => return Err(e),
/// }
/// # Ok::<(), RenderError>(())
/// ```
///
/// # Errors
/// As [`render_with_graphviz`], and [`RenderError::TimedOut`].
pub fn render_with_graphviz_within(
    dot: &[u8],
    format: Format,
    timeout: Option<Duration>,
) -> Result<(Vec<u8>, String), RenderError> {
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
    // Stdin is fed and stdout and stderr drained by threads of their own, so a large drawing
    // cannot deadlock on a full pipe and the wait below can give up on a `dot` that hangs.
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));
    let failed = |e: std::io::Error| RenderError::Failed(e.to_string());
    // A limit too far off to add to the clock is no limit.
    let deadline = timeout.and_then(|limit| Some((limit, Instant::now().checked_add(limit)?)));
    let status = match deadline {
        None => child.wait().map_err(failed)?,
        Some((limit, deadline)) => loop {
            if let Some(status) = child.try_wait().map_err(failed)? {
                break status;
            }
            let now = Instant::now();
            if now >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::TimedOut(limit));
            }
            std::thread::sleep((deadline - now).min(Duration::from_millis(20)));
        },
    };
    let received = |rx: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>| {
        rx.recv()
            .map_err(|_| RenderError::Failed("reading from dot failed".into()))?
            .map_err(failed)
    };
    let stdout = received(stdout)?;
    let stderr = String::from_utf8_lossy(&received(stderr)?).into_owned();
    if !status.success() {
        return Err(RenderError::Failed(stderr.trim().to_string()));
    }
    let fed = feeder
        .join()
        .map_err(|_| RenderError::Failed("writing to dot panicked".into()))?;
    fed.map_err(failed)?;
    let drawing = match format {
        Format::Png => stdout,
        _ => stamp_svg(stdout, &dot_digest(dot)),
    };
    Ok((drawing, stderr))
}

/// Reads a pipe to its end on a thread of its own; the bytes arrive on the channel.
fn drain(
    mut pipe: impl Read + Send + 'static,
) -> std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let read = pipe.read_to_end(&mut bytes).map(|_| bytes);
        let _ = tx.send(read);
    });
    rx
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
