//! The running UI: one tokio loop that turns terminal events, queue events,
//! fetcher health and finished effects into Actions, feeds them to `update`,
//! runs the Effects as blocking tasks, and draws when something changed (at
//! most once per frame interval).

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use jiff::Timestamp;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{broadcast, mpsc};
use tokio::time::{Instant, interval, sleep_until};

use super::action::{Action, Command, Effect};
use super::keymap::Keymap;
use super::state::State;
use super::terminal::Tui;
use super::{update, view};
use crate::ingest::HealthReport;
use crate::queue::{QueueEvent, QueueService};

/// How the UI should look and behave, from config and environment.
#[derive(Debug, Clone)]
pub struct UiOptions {
    pub officer: String,
    pub demo: bool,
    pub color: bool,
    pub page_size: usize,
    pub frame: Duration,
    pub split_min_width: u16,
    pub keymap: Keymap,
}

impl UiOptions {
    pub fn initial_state(&self, width: u16, height: u16) -> State {
        let mut state = State::new(&self.officer, self.keymap.clone(), Timestamp::now());
        state.demo = self.demo;
        state.color = self.color;
        state.page_size = self.page_size;
        state.split_min_width = self.split_min_width;
        state.width = width;
        state.height = height;
        state
    }
}

/// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
pub fn color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Run effects as blocking tasks; their results come back as Actions.
fn spawn_effect(effect: Effect, queue: &Arc<dyn QueueService>, tx: &mpsc::UnboundedSender<Action>) {
    let (queue, tx) = (queue.clone(), tx.clone());
    tokio::task::spawn_blocking(move || {
        let action = match effect {
            Effect::LoadView { mut query, append } => {
                let wanted = query.limit;
                query.limit += 1;
                queue.list(&query).map(|mut rows| {
                    let more = rows.len() > wanted;
                    rows.truncate(wanted);
                    Action::ViewLoaded { rows, more, append }
                })
            }
            Effect::LoadCounts => queue.counts().map(Action::CountsLoaded),
            Effect::LoadDetail(id) => queue.get(id).map(|d| Action::DetailLoaded(Box::new(d))),
            Effect::Quit => return,
        };
        let _ = tx.send(action.unwrap_or_else(|e| Action::Failed(e.to_string())));
    });
}

fn key_action(state: &State, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => state
            .keymap
            .lookup(state.mode.keymap_name(), &key)
            .map(Action::Command),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}

fn queue_action(received: Result<QueueEvent, broadcast::error::RecvError>) -> Option<Action> {
    match received {
        Ok(event) => Some(Action::Queue(event)),
        // Missed some: a reload catches up with all of them.
        Err(broadcast::error::RecvError::Lagged(_)) => Some(Action::Queue(QueueEvent::Arrived {
            source: String::new(),
            ids: Vec::new(),
        })),
        Err(broadcast::error::RecvError::Closed) => None,
    }
}

/// Run the TUI until the officer quits (or SIGTERM). The terminal is
/// restored on every way out.
pub async fn run(
    queue: Arc<dyn QueueService>,
    options: UiOptions,
    mut health: mpsc::UnboundedReceiver<HealthReport>,
) -> anyhow::Result<()> {
    let mut tui = Tui::enter()?;
    let size = tui.terminal.size()?;
    let mut state = options.initial_state(size.width, size.height);
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut terminal_events = EventStream::new();
    let mut queue_events = queue.subscribe();
    let mut tick = interval(Duration::from_secs(1));
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    for effect in update::init(&mut state) {
        spawn_effect(effect, &queue, &tx);
    }
    let (mut dirty, mut last_draw) = (true, Instant::now() - options.frame);
    loop {
        if dirty && last_draw.elapsed() >= options.frame {
            tui.draw(|frame| view::render(&state, frame))?;
            (dirty, last_draw) = (false, Instant::now());
        }
        if state.quitting {
            return Ok(());
        }
        let next_frame = last_draw + options.frame;
        let action = tokio::select! {
            event = terminal_events.next() => match event {
                Some(Ok(event)) => key_action(&state, event),
                Some(Err(_)) | None => Some(Action::Command(Command::Quit)),
            },
            Some(action) = rx.recv() => Some(action),
            received = queue_events.recv() => queue_action(received),
            Some(report) = health.recv() => Some(Action::Health(report)),
            _ = tick.tick() => Some(Action::Tick(Timestamp::now())),
            _ = sigterm.recv() => Some(Action::Command(Command::Quit)),
            _ = sighup.recv() => Some(Action::Command(Command::Quit)),
            _ = sleep_until(next_frame), if dirty => None,
        };
        if let Some(action) = action {
            for effect in update::update(&mut state, action) {
                spawn_effect(effect, &queue, &tx);
            }
            dirty = true;
        }
    }
}
