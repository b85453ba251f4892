//! The work bounds every YAML file is held to, counted over parser events
//! as they arrive, so that no tree is built past them.

use std::collections::HashMap;

use saphyr::Marker;
use saphyr_parser::{Event, Span};

use super::{MAX_ALIAS_NODES, MAX_DEPTH};

/// The first place where a file exceeds a bound.
#[derive(Debug)]
pub(super) enum Excess {
    Depth(Marker),
    Aliases(Marker),
    /// An alias inside the node it refers to: expanding it never ends.
    Recursive(Marker),
}

/// The depth of open collections, and the size and height each anchored
/// node would have once its aliases are expanded: an alias deep in the
/// file to a deep node nests as deep as both together.
#[derive(Debug, Default)]
pub(super) struct Bounds {
    /// Open collections, innermost last.
    open: Vec<Extent>,
    /// The expanded extent of each finished anchored node.
    anchored: HashMap<usize, Extent>,
    /// Nodes added by aliases so far.
    added: usize,
}

/// A node once expanded: its anchor, how many nodes it holds (itself
/// included), and how many levels of collections (0 for a scalar).
#[derive(Clone, Copy, Debug)]
struct Extent {
    anchor: usize,
    size: usize,
    height: usize,
}

impl Bounds {
    /// A collection starts at `at`. The root mapping is level 1.
    pub(super) fn open(&mut self, anchor: usize, at: Marker) -> Result<(), Excess> {
        if self.open.len() >= MAX_DEPTH {
            return Err(Excess::Depth(at));
        }
        self.open.push(Extent {
            anchor,
            size: 1,
            height: 1,
        });
        Ok(())
    }

    /// The innermost open collection ends.
    pub(super) fn close(&mut self) {
        if let Some(extent) = self.open.pop() {
            self.finished(extent);
        }
    }

    pub(super) fn scalar(&mut self, anchor: usize) {
        self.finished(Extent {
            anchor,
            size: 1,
            height: 0,
        });
    }

    /// An alias at `at` to anchor `id` adds the anchored node's size, and
    /// nests its height where it stands. The parser knows every anchor an
    /// alias names; one not finished yet is an ancestor of the alias.
    pub(super) fn alias(&mut self, id: usize, at: Marker) -> Result<(), Excess> {
        let Some(target) = self.anchored.get(&id).copied() else {
            return Err(Excess::Recursive(at));
        };
        self.added = self.added.saturating_add(target.size);
        if self.added > MAX_ALIAS_NODES {
            return Err(Excess::Aliases(at));
        }
        if self.open.len() + target.height > MAX_DEPTH {
            return Err(Excess::Depth(at));
        }
        self.finished(Extent { anchor: 0, ..target });
        Ok(())
    }

    /// Counts one event; the convenience for passes that build nothing.
    pub(super) fn event(&mut self, event: &Event<'_>, span: &Span) -> Result<(), Excess> {
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => self.open(*anchor, span.start)?,
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Scalar(_, _, anchor, _) => self.scalar(*anchor),
            Event::Alias(id) => self.alias(*id, span.start)?,
            _ => {}
        }
        Ok(())
    }

    fn finished(&mut self, extent: Extent) {
        if extent.anchor > 0 {
            self.anchored.insert(extent.anchor, extent);
        }
        if let Some(parent) = self.open.last_mut() {
            parent.size = parent.size.saturating_add(extent.size);
            parent.height = parent.height.max(extent.height + 1);
        }
    }
}
