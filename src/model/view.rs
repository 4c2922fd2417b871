//! Views (`[views.<id>]`): named parts of a dataset drawn as diagrams of their own.
//!
//! A view is data about presentation: which entities and statements to show and how to lay
//! them out. What it selects is computed by [`crate::KnowledgeGraph::view`] (the same
//! machinery as `kgforge subgraph`) and drawn by the DOT exporter with the same options as the
//! command line's `--lang`, `--rankdir`, `--engine` and `--legend`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Rank, by_name};

/// A named view of a dataset (`[views.<id>]`).
///
/// ```
/// let view: kgforge::View = toml::from_str(r#"
///     title = "The Soviet command in August 1945"
///     focus = ["far_east_command"]
///     depth = 3
///     predicates = ["subordinate_to", "commanded_by"]
///     as_of = "1945-08-09"
///     rankdir = "TB"
/// "#).expect("a view");
/// assert_eq!(view.depth, Some(3));
/// assert_eq!(view.rankdir, Some(kgforge::RankDir::TopToBottom));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// The view's slug; the table key in TOML. Names its files (`views/<id>.svg`).
    #[serde(default)]
    pub id: String,
    /// The diagram's title.
    pub title: String,
    /// What the view shows, in a sentence or two: the diagram's subtitle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Entities at the centre; the view holds those within `depth` statements of them.
    /// Empty: every entity that passes the type filters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<String>,
    /// How many statements away from the focus to go (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<u32>,
    /// Which statements to follow from the focus (default both ways).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<ViewDirection>,
    /// Only statements with these predicates (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predicates: Vec<String>,
    /// Never statements with these predicates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_predicates: Vec<String>,
    /// Only entities of these types or their subtypes (empty: all); focus entities are
    /// always shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Never entities of these types or their subtypes (focus entities are still shown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_types: Vec<String>,
    /// Only statements of these ranks (empty: all but deprecated).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranks: Vec<Rank>,
    /// Only statements that may hold at this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// The language of entity names (BCP 47), tried before the dataset's fallback order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The direction ranks run in (default left to right).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rankdir: Option<RankDir>,
    /// The Graphviz layout engine (default `dot`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<Engine>,
    /// How much legend to draw (default compact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<Legend>,
    /// Whether entities that only a qualifier names (`place = …`) are drawn as nodes of their
    /// own (default no: their names are in the edge labels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier_places: Option<bool>,
    /// Whether node labels list the entities' figures (default yes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<bool>,
    /// Whether entities are placed in date order along the rank direction, by the earliest
    /// date their statements give (default no).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<bool>,
}

/// Which statements a view follows from its focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ViewDirection {
    /// Statements whose object is in the view (walking to their subjects).
    In,
    /// Statements whose subject is in the view (walking to their objects).
    Out,
    /// Both.
    #[default]
    Both,
}

/// The direction of a diagram's ranks (Graphviz `rankdir`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
pub enum RankDir {
    /// Top to bottom (`TB`).
    #[serde(rename = "TB")]
    TopToBottom,
    /// Left to right (`LR`), the default: wide labels sit better side by side.
    #[default]
    #[serde(rename = "LR")]
    LeftToRight,
    /// Bottom to top (`BT`).
    #[serde(rename = "BT")]
    BottomToTop,
    /// Right to left (`RL`).
    #[serde(rename = "RL")]
    RightToLeft,
}

impl RankDir {
    /// Every direction.
    pub const ALL: [RankDir; 4] = [
        RankDir::TopToBottom,
        RankDir::LeftToRight,
        RankDir::BottomToTop,
        RankDir::RightToLeft,
    ];

    /// The Graphviz value (`LR`).
    pub fn code(self) -> &'static str {
        match self {
            RankDir::TopToBottom => "TB",
            RankDir::LeftToRight => "LR",
            RankDir::BottomToTop => "BT",
            RankDir::RightToLeft => "RL",
        }
    }

    /// Parses `TB`, `LR`, `BT` or `RL` (any case).
    ///
    /// ```
    /// assert_eq!(kgforge::RankDir::from_code("tb"), Some(kgforge::RankDir::TopToBottom));
    /// ```
    pub fn from_code(code: &str) -> Option<RankDir> {
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(code))
    }

    /// Whether ranks run across the page (left to right or right to left).
    pub fn is_horizontal(self) -> bool {
        matches!(self, RankDir::LeftToRight | RankDir::RightToLeft)
    }
}

/// A Graphviz layout engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Layered (hierarchical): the default, and the only one that draws display groups as
    /// boxes around their members.
    #[default]
    Dot,
    /// Spring model (stress majorization).
    Neato,
    /// Force-directed, with display groups.
    Fdp,
    /// Force-directed, multiscale: for large views.
    Sfdp,
}

impl Engine {
    /// Every engine.
    pub const ALL: [Engine; 4] = [Engine::Dot, Engine::Neato, Engine::Fdp, Engine::Sfdp];

    /// The engine's name (`neato`), as Graphviz's `layout` attribute takes it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Dot => "dot",
            Engine::Neato => "neato",
            Engine::Fdp => "fdp",
            Engine::Sfdp => "sfdp",
        }
    }

    /// Parses an engine's name (any case).
    pub fn from_name(name: &str) -> Option<Engine> {
        Self::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(name))
    }
}

/// How much legend a diagram carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Legend {
    /// None.
    None,
    /// The display groups, types and edge styles present, in a few lines under the title.
    #[default]
    Compact,
    /// As compact, with each type's shape named and how figures are written.
    Full,
}

impl Legend {
    /// Every mode.
    pub const ALL: [Legend; 3] = [Legend::None, Legend::Compact, Legend::Full];

    /// The mode's name (`compact`).
    pub fn name(self) -> &'static str {
        match self {
            Legend::None => "none",
            Legend::Compact => "compact",
            Legend::Full => "full",
        }
    }

    /// Parses a mode's name (any case).
    pub fn from_name(name: &str) -> Option<Legend> {
        Self::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name))
    }
}

impl<'de> Deserialize<'de> for ViewDirection {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        by_name(
            d,
            &["in", "out", "both"],
            &[ViewDirection::In, ViewDirection::Out, ViewDirection::Both],
        )
    }
}

impl<'de> Deserialize<'de> for RankDir {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        by_name(d, &["TB", "LR", "BT", "RL"], &RankDir::ALL)
    }
}

impl<'de> Deserialize<'de> for Engine {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        by_name(d, &["dot", "neato", "fdp", "sfdp"], &Engine::ALL)
    }
}

impl<'de> Deserialize<'de> for Legend {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        by_name(d, &["none", "compact", "full"], &Legend::ALL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in RankDir::ALL {
            assert_eq!(RankDir::from_code(r.code()), Some(r));
        }
        for e in Engine::ALL {
            assert_eq!(Engine::from_name(e.name()), Some(e));
        }
        for l in Legend::ALL {
            assert_eq!(Legend::from_name(l.name()), Some(l));
        }
        assert_eq!(Engine::from_name("circo"), None);
    }

    #[test]
    fn unknown_keys_and_values_are_refused() {
        let bad: Result<View, _> = toml::from_str("title = \"x\"\nfocuss = [\"a\"]");
        assert!(
            bad.unwrap_err()
                .to_string()
                .contains("unknown field `focuss`")
        );
        let bad: Result<View, _> = toml::from_str("title = \"x\"\nengine = \"circo\"");
        assert!(bad.unwrap_err().to_string().contains("`dot`"));
    }
}
