//! Drive the real `siaga` binary in a pseudo-terminal, as an officer would:
//! type keys, read the screen (vt100), count the bytes the program wrote.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<usize>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// Start `siaga ARGS` in a `cols`x`rows` terminal, with HOME and the XDG
    /// directories inside `home` so nothing leaks from the machine.
    pub fn start(args: &[&str], home: &Path, cols: u16, rows: u16) -> Session {
        Session::start_with_env(args, home, cols, rows, &[])
    }

    /// `start`, with extra environment variables (a token, `EDITOR`).
    pub fn start_with_env(
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Session {
        Session::spawn(
            CommandBuilder::new(env!("CARGO_BIN_EXE_siaga")),
            args,
            home,
            cols,
            rows,
            env,
        )
    }

    /// `start_with_env` as another Unix user (the test runs as root):
    /// `setpriv` drops to `uid`/`gid`, without supplementary groups, and
    /// runs siaga. `home` must belong to that user.
    pub fn start_as(
        uid: u32,
        gid: u32,
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Session {
        let mut setpriv = CommandBuilder::new("setpriv");
        setpriv.args([
            format!("--reuid={uid}"),
            format!("--regid={gid}"),
            "--clear-groups".to_string(),
            "--".to_string(),
            env!("CARGO_BIN_EXE_siaga").to_string(),
        ]);
        Session::spawn(setpriv, args, home, cols, rows, env)
    }

    fn spawn(
        mut cmd: CommandBuilder,
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("VISUAL");
        cmd.env_remove("EDITOR");
        // The desk's language follows the locale: English unless a test
        // says otherwise, whatever the machine running the tests uses.
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn siaga");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let bytes = Arc::new(Mutex::new(0usize));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, b, r) = (screen.clone(), bytes.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                *b.lock().unwrap() += n;
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            screen,
            bytes,
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// `siaga demo` with a still feed (30 inquiries at start, no more for an
    /// hour), its queue in `home/queue`, which is returned.
    pub fn quiet_demo(home: &Path, cols: u16, rows: u16) -> (Session, std::path::PathBuf) {
        Session::demo_with(
            home,
            cols,
            rows,
            "[demo]\ninitial = 30\nrelease_secs = 3600\npoll_secs = 1\n",
        )
    }

    /// `siaga demo` with `config` (TOML) in its own file and data dir.
    pub fn demo_with(
        home: &Path,
        cols: u16,
        rows: u16,
        config: &str,
    ) -> (Session, std::path::PathBuf) {
        let file = home.join("demo.toml");
        std::fs::write(&file, config).unwrap();
        let data = home.join("queue");
        let args = [
            "--config",
            file.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
            "demo",
        ];
        (Session::start(&args, home, cols, rows), data)
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// The text of row `row` drawn in reverse video (a selected tab or
    /// row), runs joined by a space.
    pub fn reversed_text(&self, row: u16) -> String {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        let (_, cols) = screen.size();
        let mut out = String::new();
        let mut in_run = false;
        for col in 0..cols {
            match screen.cell(row, col) {
                Some(cell) if cell.inverse() => {
                    if !in_run && !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(cell.contents());
                    in_run = true;
                }
                _ => in_run = false,
            }
        }
        out
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn bytes_written(&self) -> usize {
        *self.bytes.lock().unwrap()
    }

    pub fn raw_since(&self, from: usize) -> Vec<u8> {
        self.raw.lock().unwrap()[from..].to_vec()
    }

    /// Wait until `pred` holds for the screen, or panic with the screen.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.contents();
            if pred(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Wait until the program has written nothing for `quiet`.
    pub fn settle(&self, quiet: Duration) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = self.bytes_written();
        let mut since = Instant::now();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            let now = self.bytes_written();
            if now != last {
                (last, since) = (now, Instant::now());
            } else if since.elapsed() >= quiet {
                return;
            }
        }
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the program to exit; panics if it takes longer than 20 s.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("siaga did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
