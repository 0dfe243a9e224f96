//! Owning the terminal: raw mode, the alternate screen, and giving both back
//! on every way out (return, panic, SIGTERM). Frames are written through a
//! buffered writer inside synchronized output (`CSI ?2026h` … `?2026l`) so a
//! slow SSH link never shows half a frame; a frame is drawn off screen first,
//! once, and one that would change nothing on screen is not sent at all; the
//! one that does is copied to the terminal (ratatui sends the cells that
//! differ), not drawn again.

use std::io::{self, BufWriter, Stdout, Write};

use crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// The terminal in TUI mode; dropping it restores the terminal.
pub struct Tui {
    pub terminal: Terminal<Backend>,
    /// What the screen shows now, cells and cursor; `None`: unknown (the
    /// next frame is sent whole).
    shown: Option<Drawn>,
}

/// A frame drawn in memory: its cells, and where the cursor shows (`None`:
/// hidden).
type Drawn = (Buffer, Option<Position>);

/// Whether this process has the terminal in TUI mode (so that an error
/// in a CLI verb does not write escape sequences into its output).
static ACTIVE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Put the terminal back as we found it. Safe to call more than once, and
/// does nothing if the TUI never took the terminal.
pub fn restore() {
    if !ACTIVE.swap(false, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restore the terminal before a panic message is printed, so the message
/// is readable and the officer's shell still works.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

impl Tui {
    pub fn enter() -> io::Result<Tui> {
        install_panic_hook();
        ACTIVE.store(true, std::sync::atomic::Ordering::SeqCst);
        enable_raw_mode()?;
        let mut out = BufWriter::with_capacity(64 * 1024, io::stdout());
        execute!(out, EnterAlternateScreen, cursor::Hide)?;
        let terminal = Terminal::new(CrosstermBackend::new(out))?;
        Ok(Tui {
            terminal,
            shown: None,
        })
    }

    /// Give the terminal to another program (`$EDITOR`) for a while.
    pub fn suspend(&mut self) -> io::Result<()> {
        self.terminal.backend_mut().flush()?;
        restore();
        Ok(())
    }

    /// Take the terminal back after `suspend`, and redraw everything.
    pub fn resume(&mut self) -> io::Result<()> {
        ACTIVE.store(true, std::sync::atomic::Ordering::SeqCst);
        enable_raw_mode()?;
        execute!(
            self.terminal.backend_mut(),
            EnterAlternateScreen,
            cursor::Hide,
            Clear(ClearType::All)
        )?;
        // Forget what was on screen so the next frame is drawn whole.
        // (`Terminal::clear` would ask the terminal for the cursor, and
        // the key reader would take the answer.)
        self.terminal.swap_buffers();
        self.terminal.swap_buffers();
        self.shown = None;
        Ok(())
    }

    /// Ring the terminal's bell.
    pub fn bell(&mut self) {
        let out = self.terminal.backend_mut();
        let _ = out.write_all(b"\x07");
        let _ = out.flush();
    }

    /// Draw one frame as one synchronized update, flushed once.
    /// Nothing is written when the frame is what the screen already shows
    /// (a poll's health report with the same minute, a tick): an idle desk
    /// sends nothing over the link.
    pub fn draw(&mut self, render: impl Fn(&mut ratatui::Frame)) -> io::Result<()> {
        let drawn = offscreen(self.terminal.size()?, &render);
        if self.shown.as_ref() == Some(&drawn) {
            return Ok(());
        }
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(|frame| {
            let (cells, cursor) = &drawn;
            if frame.area() != cells.area {
                // Resized since `size`: draw for the size there is now.
                return render(frame);
            }
            frame.buffer_mut().clone_from(cells);
            if let Some(at) = *cursor {
                frame.set_cursor_position(at);
            }
        })?;
        queue!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        self.terminal.backend_mut().flush()?;
        self.shown = Some(drawn);
        Ok(())
    }
}

/// The frame `render` draws at `size`, drawn whole in memory.
fn offscreen(size: ratatui::layout::Size, render: &impl Fn(&mut ratatui::Frame)) -> Drawn {
    // Drawing in memory cannot fail (its error type is `Infallible`).
    let mut scratch = Terminal::new(TestBackend::new(size.width, size.height))
        .unwrap_or_else(|never| match never {});
    let cells = scratch
        .draw(render)
        .unwrap_or_else(|never| match never {})
        .buffer
        .clone();
    let backend = scratch.backend();
    let cursor = backend.cursor_visible().then(|| backend.cursor_position());
    (cells, cursor)
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.terminal.backend_mut().flush();
        restore();
    }
}
