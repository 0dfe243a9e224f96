//! The terminal UI: an Elm-style loop. Keys, ticks, queue changes and
//! fetcher health arrive as `Action`s; `update` changes `State` and returns
//! `Effect`s; effects run as tasks against the `QueueService` and report
//! back as Actions. Views are pure. Nothing here touches sled or the network.

pub mod action;
pub mod app;
pub mod compose;
pub mod effect;
pub mod escalate;
pub mod group;
pub mod keymap;
pub mod overlay;
pub mod state;
pub mod terminal;
pub mod update;
pub mod view;

pub use action::{Action, Command, Effect};
pub use state::{Mode, State};
pub use update::update;
