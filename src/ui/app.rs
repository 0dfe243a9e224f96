//! The running UI: one tokio loop that turns terminal events, queue events,
//! fetcher health and finished effects into Actions, feeds them to `update`,
//! runs the Effects as blocking tasks, and draws when something changed (at
//! most once per frame interval).

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures::StreamExt;
use jiff::Timestamp;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{broadcast, mpsc};
use tokio::time::{Instant, interval, sleep_until};

use super::action::TextKey;
use super::action::{Action, Command, Effect};
use super::effect::run_effect;
use super::keymap::Keymap;
use super::state::{Choices, State, View};
use super::terminal::Tui;
use super::{update, view};
use crate::i18n::Lang;
use crate::ingest::HealthReport;
use crate::queue::{QueueEvent, QueueService};
use crate::tr;

/// How the UI should look and behave, from config and environment.
#[derive(Debug, Clone)]
pub struct UiOptions {
    pub officer: String,
    pub lang: crate::i18n::Lang,
    pub demo: bool,
    pub color: bool,
    pub page_size: usize,
    pub frame: Duration,
    pub split_min_width: u16,
    pub bell_on_p1: bool,
    pub keymap: Keymap,
    pub views: Vec<View>,
    pub choices: Choices,
    pub templates: Vec<crate::reply::Template>,
    pub reply: crate::reply::compose::ReplyConfig,
    pub escalation: Arc<crate::queue::DeskPolicy>,
    /// Where the config is read from (said on a fresh install's screen).
    pub config_file: Option<std::path::PathBuf>,
}

impl UiOptions {
    pub fn initial_state(&self, width: u16, height: u16) -> State {
        let mut state = State::new(&self.officer, self.keymap.clone(), Timestamp::now());
        state.demo = self.demo;
        state.lang = self.lang;
        state.color = self.color;
        state.page_size = self.page_size;
        state.split_min_width = self.split_min_width;
        state.bell_on_p1 = self.bell_on_p1;
        state.config_file = self.config_file.as_ref().map(|p| p.display().to_string());
        state.width = width;
        state.height = height;
        if !self.views.is_empty() {
            state.view_counts = vec![0; self.views.len()];
            state.views = self.views.clone();
        }
        state.choices = self.choices.clone();
        state.templates = self.templates.clone();
        state.reply_config = self.reply.clone();
        state.escalation = Some(self.escalation.clone());
        state
    }
}

/// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
pub fn color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Who the effects run for: the officer, and the language their
/// refusals are said in.
#[derive(Debug, Clone)]
struct Asker {
    officer: String,
    lang: crate::i18n::Lang,
}

/// Run effects as blocking tasks; their results come back as Actions.
fn spawn_effect(
    effect: Effect,
    queue: &Arc<dyn QueueService>,
    who: &Asker,
    tx: &mpsc::UnboundedSender<Action>,
) {
    let (queue, tx, who) = (queue.clone(), tx.clone(), who.clone());
    tokio::task::spawn_blocking(move || {
        if let Some(action) = run_effect(effect, queue.as_ref(), &who.officer, who.lang) {
            let _ = tx.send(action);
        }
    });
}

/// The drafts' lane: effects that write a draft (and the sends that make
/// the desk drop one) run one after another, in the order asked, so an
/// older save never lands after a newer drop. The loop awaits the lane's
/// end before it exits, so a quit or a hangup keeps what was typed.
fn drafts_lane(
    queue: &Arc<dyn QueueService>,
    who: &Asker,
    tx: &mpsc::UnboundedSender<Action>,
) -> (mpsc::UnboundedSender<Effect>, tokio::task::JoinHandle<()>) {
    let (lane, mut todo) = mpsc::unbounded_channel::<Effect>();
    let (queue, tx, who) = (queue.clone(), tx.clone(), who.clone());
    let worker = tokio::spawn(async move {
        while let Some(effect) = todo.recv().await {
            let (queue, who) = (queue.clone(), who.clone());
            let ran = tokio::task::spawn_blocking(move || {
                run_effect(effect, queue.as_ref(), &who.officer, who.lang)
            });
            if let Ok(Some(action)) = ran.await {
                let _ = tx.send(action);
            }
        }
    });
    (lane, worker)
}

/// How long a quit waits for drafts still being saved (a daemon gone
/// silent must not keep the terminal).
const DRAFTS_GRACE: Duration = Duration::from_secs(10);

/// Let the lane run what it was given, for at most `DRAFTS_GRACE`.
async fn finish_drafts(lane: mpsc::UnboundedSender<Effect>, worker: tokio::task::JoinHandle<()>) {
    drop(lane);
    if tokio::time::timeout(DRAFTS_GRACE, worker).await.is_err() {
        tracing::warn!("quit before the last draft was saved");
    }
}

/// Keys while typing: fixed, so a rebinding can never eat a letter.
fn text_key(key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let text = match key.code {
        KeyCode::Char('c') if ctrl => return Some(Action::Command(Command::Quit)),
        KeyCode::Char('u') if ctrl => TextKey::ClearLine,
        KeyCode::Char(c) if !ctrl => TextKey::Char(c),
        KeyCode::Backspace => TextKey::Backspace,
        KeyCode::Enter => TextKey::Enter,
        KeyCode::Esc => TextKey::Esc,
        KeyCode::Up => TextKey::Up,
        KeyCode::Down => TextKey::Down,
        _ => return None,
    };
    Some(Action::Text(text))
}

fn key_action(state: &State, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release && state.filling_escalation() => Some(
            state
                .keymap
                .lookup("escalate", &key)
                .map_or_else(|| Action::EscalateInput(key.into()), Action::Command),
        ),
        Event::Key(key) if key.kind != KeyEventKind::Release && state.composing() => Some(
            state
                .keymap
                .lookup("compose", &key)
                .map_or_else(|| Action::ComposeInput(key.into()), Action::Command),
        ),
        Event::Key(key) if key.kind != KeyEventKind::Release && state.typing() => text_key(&key),
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
            urgent: Vec::new(),
        })),
        Err(broadcast::error::RecvError::Closed) => None,
    }
}

/// Tell colleagues (through a daemon) what this officer is on, when it
/// changed.
fn tell_presence(state: &mut State, queue: &Arc<dyn QueueService>) {
    let wanted = state.presence();
    if wanted == state.told {
        return;
    }
    state.told = wanted;
    let queue = queue.clone();
    tokio::task::spawn_blocking(move || queue.set_presence(wanted));
}

/// Hand the terminal to `$VISUAL` or `$EDITOR` (else `vi`) on a private
/// temporary file holding `text`; its contents afterwards are the reply.
/// Run through `sh -c` as git does, so `EDITOR="code --wait"` works.
/// What went wrong is said in `lang`.
async fn edit_externally(
    tui: &mut super::terminal::Tui,
    text: &str,
    lang: Lang,
) -> Result<String, String> {
    let file = tempfile::Builder::new()
        .prefix("siaga-reply-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| e.to_string())?;
    std::fs::write(file.path(), text).map_err(|e| e.to_string())?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    tui.suspend().map_err(|e| e.to_string())?;
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("siaga-editor")
        .arg(file.path())
        .status()
        .await;
    let resumed = tui.resume();
    let status = status.map_err(|e| {
        tr!(
            lang,
            "editor-cannot-run",
            editor = &editor,
            error = e.to_string()
        )
    })?;
    resumed.map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(tr!(
            lang,
            "editor-exited",
            editor = &editor,
            status = status.to_string()
        ));
    }
    std::fs::read_to_string(file.path()).map_err(|e| e.to_string())
}

/// What the first frame needs, loading: the view, the outbox, the
/// officer's drafts; and the search index, built in the background so
/// `/` is quick at once.
fn begin(
    state: &mut State,
    queue: &Arc<dyn QueueService>,
    who: &Asker,
    tx: &mpsc::UnboundedSender<Action>,
) {
    for effect in update::init(state) {
        spawn_effect(effect, queue, who, tx);
    }
    let warm = queue.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = warm.prepare_search() {
            tracing::warn!("search index: {e}");
        }
    });
}

/// Where an effect the loop does not await goes: the bell to the
/// terminal, a draft's to the ordered lane, anything else to a task of
/// its own whose answer comes back on `tx`.
fn dispatch(
    effect: Effect,
    tui: &mut Tui,
    lane: &mpsc::UnboundedSender<Effect>,
    queue: &Arc<dyn QueueService>,
    who: &Asker,
    tx: &mpsc::UnboundedSender<Action>,
) {
    if effect == Effect::Bell {
        tui.bell();
    } else if effect.touches_drafts() {
        let _ = lane.send(effect);
    } else {
        spawn_effect(effect, queue, who, tx);
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
    let who = Asker {
        officer: options.officer.clone(),
        lang: options.lang,
    };
    begin(&mut state, &queue, &who, &tx);
    let (lane, lane_worker) = drafts_lane(&queue, &who, &tx);
    let (mut dirty, mut last_draw) = (true, Instant::now() - options.frame);
    loop {
        if dirty && last_draw.elapsed() >= options.frame {
            tui.draw(|frame| view::render(&state, frame))?;
            (dirty, last_draw) = (false, Instant::now());
        }
        if state.quitting {
            finish_drafts(lane, lane_worker).await;
            return Ok(());
        }
        let next_frame = last_draw + options.frame;
        let action = tokio::select! {
            event = terminal_events.next() => match event {
                Some(Ok(event)) => key_action(&state, event),
                Some(Err(_)) | None => Some(Action::Terminate),
            },
            Some(action) = rx.recv() => Some(action),
            received = queue_events.recv() => queue_action(received),
            Some(report) = health.recv() => Some(Action::Health(report)),
            _ = tick.tick() => Some(Action::Tick(Timestamp::now())),
            _ = sigterm.recv() => Some(Action::Terminate),
            _ = sighup.recv() => Some(Action::Terminate),
            _ = sleep_until(next_frame), if dirty => None,
        };
        if let Some(action) = action {
            for effect in update::update(&mut state, action) {
                if let Effect::ExternalEdit(text) = effect {
                    // Stop reading keys: they are the editor's now.
                    drop(terminal_events);
                    let edited = edit_externally(&mut tui, &text, state.lang).await;
                    terminal_events = EventStream::new();
                    let _ = tx.send(Action::ExternalEdited(edited));
                    continue;
                }
                dispatch(effect, &mut tui, &lane, &queue, &who, &tx);
            }
            tell_presence(&mut state, &queue);
            dirty = true;
        }
    }
}
