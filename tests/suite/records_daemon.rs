//! The records duties through `siaga serve` (issue #8): an in-process
//! daemon (`server::bind` + `Shared::with_records` + `server::run`) on a
//! store seeded before it starts, and `RemoteQueue` clients over its real
//! Unix socket. The daemon decides the caller's clearance from the role the
//! peer credentials give (this test runs as root; the config makes root a
//! supervisor or only an officer), never from the request.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::common;
use jiff::Timestamp;
use siaga::daemon::access::DaemonConfig;
use siaga::daemon::client::RemoteQueue;
use siaga::daemon::protocol::Role;
use siaga::daemon::server;
use siaga::model::{Arrival, InquiryId};
use siaga::queue::{Change, LocalQueue, QueueService};
use siaga::records::RetentionConfig;
use siaga::records::export::ExportQuery;
use siaga::records::steward::{Answer, Context, Request};
use siaga::store::StoreError;
use tokio::sync::oneshot;

const SOURCE: &str = "kemlu-x";

fn arrival(n: usize, handle: &str) -> Arrival {
    let id = format!("1863{n:015}");
    let text = format!("@Kemlu_RI paspor B765432{n} ditahan majikan #{n}");
    Arrival {
        conversation_id: None,
        author: common::author(handle, &format!("Name {n}"), &format!("uid-{handle}")),
        created_at: Timestamp::now(),
        reasons: vec!["labour: paspor".into()],
        ..common::arrival(&id, handle, &text)
    }
}

struct Daemon {
    socket: PathBuf,
    local: Arc<LocalQueue>,
    ids: Vec<InquiryId>,
    root: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    served: Option<tokio::task::JoinHandle<()>>,
}

impl Daemon {
    /// Four inquiries: two by budi_99, one by warga_2, one by warga_3
    /// (closed); then the daemon serves them with `config`.
    async fn start(config: DaemonConfig) -> Daemon {
        let root = tempfile::Builder::new()
            .prefix("siaga-records-daemon-")
            .tempdir()
            .unwrap();
        let local = LocalQueue::open(&root.path().join("data"), 16 << 20).unwrap();
        let arrivals = vec![
            arrival(0, "budi_99"),
            arrival(1, "budi_99"),
            arrival(2, "warga_2"),
            arrival(3, "warga_3"),
        ];
        let ids = local.ingest(SOURCE, &arrivals, None).unwrap().new_ids;
        assert_eq!(ids.len(), 4);
        local
            .apply(
                ids[3],
                &Change::Close {
                    reason: "answered".into(),
                },
                "ani",
            )
            .unwrap();
        let socket = root.path().join("run").join("siaga.sock");
        let listener = server::bind(&socket, &config.group).await.unwrap();
        let context = Context {
            retention: RetentionConfig {
                default_days: 365,
                ..Default::default()
            },
            public_numbers: Vec::new(),
        };
        let shared = server::Shared::with_records(
            local.clone(),
            DaemonConfig {
                max_clients: 16,
                ..config
            },
            context,
        );
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(server::run(listener, socket.clone(), shared, async {
            let _ = stopped.await;
        }));
        Daemon {
            socket,
            local,
            ids,
            root,
            stop: Some(stop),
            served: Some(served),
        }
    }

    async fn client(&self) -> Arc<RemoteQueue> {
        match RemoteQueue::connect(&self.socket, "records-test").await {
            Ok(q) => q,
            Err(e) => panic!("connecting to {}: {e}", self.socket.display()),
        }
    }

    async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(served) = self.served.take() {
            served.await.unwrap();
        }
    }
}

fn supervisor() -> DaemonConfig {
    DaemonConfig {
        supervisors: vec!["root".into()],
        ..DaemonConfig::default()
    }
}

fn officer() -> DaemonConfig {
    DaemonConfig {
        officers: vec!["root".into()],
        ..DaemonConfig::default()
    }
}

/// `RemoteQueue`'s calls block: run them off the runtime.
async fn off<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

async fn records(q: &Arc<RemoteQueue>, request: Request) -> Result<Answer, StoreError> {
    let q = q.clone();
    off(move || q.records(request)).await
}

fn query(unredacted: bool) -> ExportQuery {
    ExportQuery {
        from: None,
        to: None,
        unredacted,
        after: None,
        limit: 100,
    }
}

/// The requests an officer may not make.
fn supervisor_only(backup: PathBuf) -> Vec<Request> {
    vec![
        Request::SubjectErase {
            handle: "budi_99".into(),
            reason: "e-mail ref 1".into(),
        },
        Request::SubjectRestrict {
            handle: "budi_99".into(),
            reason: "objection".into(),
            lift: false,
        },
        Request::Export { query: query(true) },
        Request::Backup { path: backup },
        Request::Check { repair: true },
        Request::Purge { dry_run: false },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_officer_is_refused_every_supervisor_duty_and_nothing_changes() {
    let mut d = Daemon::start(officer()).await;
    let q = d.client().await;
    assert_eq!(q.role(), &Role::Officer);
    let chain = d.local.store().verify_chain().unwrap();
    let items: Vec<_> = d.local.store().scan().map(Result::unwrap).collect();
    let backup = d.root.path().join("officer.backup");
    for request in supervisor_only(backup.clone()) {
        let what = format!("{request:?}");
        match records(&q, request).await {
            Err(StoreError::Refused(m)) => assert!(m.contains("supervisor"), "{what}: {m}"),
            other => panic!("{what}: an officer was not refused: {other:?}"),
        }
    }
    assert!(!backup.exists());
    assert_eq!(d.local.store().verify_chain().unwrap(), chain);
    let now: Vec<_> = d.local.store().scan().map(Result::unwrap).collect();
    assert_eq!(now, items, "no inquiry changed");
    assert!(
        d.local
            .store()
            .subject_restriction("budi_99")
            .unwrap()
            .is_none()
    );
    d.stop().await;
}

/// Regression guard (the defect as it was found): the daemon answers an officer's supervisor-only records request
/// with `WireError::Refused` (the steward's "only a supervisor may ..."),
/// where every other role check of the daemon (assign, release a hold,
/// restrict through `Apply`) answers `WireError::Forbidden`, which the
/// client shows as "not allowed: ...". A client cannot tell "you may not"
/// from "not now" for these.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_officers_supervisor_only_records_request_is_forbidden() {
    let mut d = Daemon::start(officer()).await;
    let q = d.client().await;
    let backup = d.root.path().join("officer.backup");
    let mut wrong = Vec::new();
    for request in supervisor_only(backup) {
        let what = format!("{request:?}");
        match records(&q, request).await {
            // Said in the client officer's language (#15).
            Err(StoreError::Refused(m)) if m.starts_with("not allowed") => {
                let id = m.in_lang(siaga::i18n::Lang::Id);
                if !id.starts_with("tidak diizinkan: hanya supervisor yang boleh ") {
                    wrong.push(format!("{what}: in Bahasa Indonesia {id:?}"));
                }
            }
            other => wrong.push(format!("{what}: {other:?}")),
        }
    }
    // For comparison, the same role refused a supervisor-only change:
    let q2 = q.clone();
    let id = d.ids[0];
    let assign = off(move || q2.apply(id, &Change::Assign { to: "budi".into() }, "x")).await;
    assert!(
        matches!(&assign, Err(StoreError::Refused(m)) if m.starts_with("not allowed")),
        "{assign:?}"
    );
    assert!(
        wrong.is_empty(),
        "refused, but not as forbidden:\n{}",
        wrong.join("\n")
    );
    d.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_officer_may_find_verify_export_redacted_report_dry_run_and_check() {
    let mut d = Daemon::start(officer()).await;
    let q = d.client().await;
    let ids = d.ids.clone();
    match records(
        &q,
        Request::SubjectFind {
            handle: "@BUDI_99".into(),
        },
    )
    .await
    .unwrap()
    {
        Answer::Subject(r) => assert_eq!(
            r.inquiries.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![ids[0], ids[1]]
        ),
        other => panic!("{other:?}"),
    }
    match records(&q, Request::AuditVerify).await.unwrap() {
        Answer::Audit(a) => {
            assert!(a.is_intact(), "{a:?}");
            assert_eq!(a, d.local.store().verify_chain().unwrap());
        }
        other => panic!("{other:?}"),
    }
    match records(
        &q,
        Request::Export {
            query: query(false),
        },
    )
    .await
    .unwrap()
    {
        Answer::Export(page) => {
            assert_eq!(page.rows.len(), 4);
            for row in &page.rows {
                assert!(row.author.starts_with("person-"), "{row:?}");
                assert!(!row.text.contains("B765432"), "{row:?}");
            }
        }
        other => panic!("{other:?}"),
    }
    match records(
        &q,
        Request::Report {
            from: None,
            to: None,
        },
    )
    .await
    .unwrap()
    {
        Answer::Report(s) => {
            assert_eq!(s.total, 4);
            assert_eq!(s.by_status.get("closed"), Some(&1));
        }
        other => panic!("{other:?}"),
    }
    match records(&q, Request::Purge { dry_run: true }).await.unwrap() {
        Answer::Purge(p) => assert!(p.dry_run && p.due.is_empty(), "{p:?}"),
        other => panic!("{other:?}"),
    }
    match records(&q, Request::Check { repair: false }).await.unwrap() {
        Answer::Check(c) => assert!(c.is_clean() && c.inquiries == 4, "{c:?}"),
        other => panic!("{other:?}"),
    }
    // None of it wrote anything.
    for id in &ids {
        assert!(
            !d.local
                .store()
                .history(*id)
                .unwrap()
                .iter()
                .any(|e| e.what == "exported")
        );
    }
    d.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_supervisor_erases_restricts_exports_and_backs_up_as_themself() {
    let mut d = Daemon::start(supervisor()).await;
    let q = d.client().await;
    assert_eq!(q.role(), &Role::Supervisor);
    let ids = d.ids.clone();
    match records(
        &q,
        Request::SubjectErase {
            handle: "@budi_99".into(),
            reason: "e-mail ref 1".into(),
        },
    )
    .await
    .unwrap()
    {
        Answer::Subject(r) => {
            assert_eq!(r.done, vec![ids[0], ids[1]], "{r:?}");
            assert!(r.kept.is_empty(), "{r:?}");
        }
        other => panic!("{other:?}"),
    }
    for id in &ids[..2] {
        let inq = d.local.get(*id).unwrap().inquiry;
        let e = inq.erased.expect("erased");
        assert_eq!(e.by, "root", "recorded as the caller's login");
        assert_eq!(inq.text, "");
    }
    assert!(d.local.get(ids[2]).unwrap().inquiry.erased.is_none());
    match records(
        &q,
        Request::SubjectRestrict {
            handle: "warga_2".into(),
            reason: "objection".into(),
            lift: false,
        },
    )
    .await
    .unwrap()
    {
        Answer::Subject(r) => assert_eq!(r.done, vec![ids[2]]),
        other => panic!("{other:?}"),
    }
    assert!(d.local.get(ids[2]).unwrap().inquiry.restricted.is_some());
    match records(&q, Request::Export { query: query(true) })
        .await
        .unwrap()
    {
        Answer::Export(page) => assert_eq!(page.rows.len(), 4),
        other => panic!("{other:?}"),
    }
    for id in &ids {
        let exported: Vec<_> = d
            .local
            .store()
            .history(*id)
            .unwrap()
            .into_iter()
            .filter(|e| e.what == "exported")
            .collect();
        assert_eq!(exported.len(), 1, "#{id}");
        assert_eq!(exported[0].officer, "root");
    }
    let backup = d.root.path().join("supervisor.backup");
    match records(
        &q,
        Request::Backup {
            path: backup.clone(),
        },
    )
    .await
    .unwrap()
    {
        Answer::Backup(b) => assert_eq!(b.inquiries, 4),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    match records(&q, Request::AuditVerify).await.unwrap() {
        Answer::Audit(a) => assert!(a.is_intact(), "{a:?}"),
        other => panic!("{other:?}"),
    }
    d.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_client_records_an_export_or_a_platform_deletion_itself() {
    for config in [officer(), supervisor()] {
        let mut d = Daemon::start(config).await;
        let q = d.client().await;
        let id = d.ids[2];
        let before = d.local.get(id).unwrap();
        for change in [
            Change::Exported {
                how: "unredacted export".into(),
            },
            Change::DeletedOnPlatform {
                at: Timestamp::now(),
            },
        ] {
            let what = format!("{:?} as {:?}", change, q.role());
            let q2 = q.clone();
            let result = off(move || q2.apply(id, &change, "x")).await;
            match result {
                Err(StoreError::Refused(m)) if m.starts_with("not allowed") => {}
                other => panic!("{what}: not refused as forbidden: {other:?}"),
            }
        }
        assert_eq!(d.local.get(id).unwrap(), before, "nothing recorded");
        d.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_a_supervisor_releases_a_hold_or_restricts_through_apply() {
    let mut d = Daemon::start(officer()).await;
    let q = d.client().await;
    let id = d.ids[2];
    let q2 = q.clone();
    // An officer may put a hold on; not release it, not restrict.
    off(move || {
        q2.apply(
            id,
            &Change::Hold {
                reason: "court case".into(),
            },
            "x",
        )
    })
    .await
    .unwrap();
    for change in [
        Change::ReleaseHold {
            reason: "done".into(),
        },
        Change::Restrict {
            reason: "objection".into(),
        },
    ] {
        let q2 = q.clone();
        let what = format!("{change:?}");
        let result = off(move || q2.apply(id, &change, "x")).await;
        assert!(
            matches!(&result, Err(StoreError::Refused(m)) if m.starts_with("not allowed")),
            "{what}: {result:?}"
        );
    }
    let inq = d.local.get(id).unwrap().inquiry;
    assert!(inq.legal_hold.is_some() && inq.restricted.is_none());
    d.stop().await;
}
