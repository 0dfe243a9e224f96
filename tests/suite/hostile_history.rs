//! Attacks on the tamper-evident history (issue #20, item 3), against the
//! real binary where an officer would meet them. Each test: the attack,
//! what happened before, what happens now.

use std::path::Path;

use jiff::Timestamp;
use serde_json::Value;
use siaga::model::{Inquiry, InquiryId};
use siaga::queue::{Change, QueueService};
use siaga::store::Store;
use siaga::store::chain::arrival_digest;

use super::records_cli::{Desk, arrival, desk, event_key, ingest, sled_raw};

fn item_key(id: InquiryId) -> [u8; 8] {
    id.0.to_be_bytes()
}

/// Three inquiries, a note on the second; the note's event number.
fn seeded() -> (Desk, Vec<InquiryId>, u32) {
    let d = desk();
    let (ids, note) = d.seed(|q| {
        let ids = ingest(
            q,
            &[
                ("p1", "ani", "paspor saya ditahan majikan"),
                ("p2", "budi", "gaji tidak dibayar"),
                ("p3", "citra", "tolong"),
            ],
        );
        q.apply(
            ids[1],
            &Change::Note {
                text: "called the employer".into(),
            },
            "ani",
        )
        .unwrap();
        let note = q.store().history(ids[1]).unwrap().len() as u32 - 1;
        (ids, note)
    });
    (d, ids, note)
}

fn edit_json(tree: &sled::Tree, key: &[u8], f: impl FnOnce(&mut Value)) -> sled::IVec {
    let old = tree.get(key).unwrap().expect("the record exists");
    let mut v: Value = serde_json::from_slice(&old).unwrap();
    f(&mut v);
    tree.insert(key, serde_json::to_vec(&v).unwrap()).unwrap();
    old
}

/// Attack: restore a backup, edit a note and the text of an inquiry, make
/// the chain whole again (the hashes are public: `reseal` recomputes
/// them), back it up and restore that over the desk's store.
/// Before: the restored store passed `audit verify` with a new head.
/// Now: the head's seal is made with the desk's own `chain.key`, which no
/// backup carries: restore and `audit verify` both say BROKEN, by the seal.
#[test]
fn an_edited_backup_with_its_chain_recomputed_fails_the_seal() {
    let (d, ids, note) = seeded();
    let honest = d.path("honest.backup");
    d.ok(&["backup", honest.to_str().unwrap()]);

    let forged = d.path("forged.backup");
    let elsewhere = d.path("mallory");
    drop(Store::restore(&elsewhere, &honest, false).unwrap());
    sled_raw(&elsewhere, |db| {
        edit_json(
            &db.open_tree("events").unwrap(),
            &event_key(ids[1], note),
            |v| v["after"] = "the citizen withdrew the complaint".into(),
        );
        let items = db.open_tree("items").unwrap();
        edit_json(&items, &item_key(ids[0]), |v| {
            v["text"] = "semua baik-baik saja".into()
        });
        // The digest of what the person wrote is public SHA-256 too.
        let inquiry: Inquiry =
            serde_json::from_slice(&items.get(item_key(ids[0])).unwrap().unwrap()).unwrap();
        edit_json(
            &db.open_tree("events").unwrap(),
            &event_key(ids[0], 0),
            |v| v["content"] = arrival_digest(&inquiry).into(),
        );
    });
    Store::reseal(&elsewhere, "mallory").unwrap();
    {
        let store = Store::open(&elsewhere).unwrap();
        assert!(
            store.verify_chain().unwrap().is_intact(),
            "whole where it was forged"
        );
        store.backup(&forged).unwrap();
    }

    let r = d.run(&["restore", forged.to_str().unwrap(), "--replace"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("BROKEN history"), "{r:?}");
    assert!(r.stdout.contains("seal does not match"), "{r:?}");
    let r = d.run(&["audit", "verify"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("seal does not match"), "{r:?}");

    // The desk's own backup restores whole: same store, same key.
    let r = d.ok(&["restore", honest.to_str().unwrap(), "--replace"]);
    assert!(r.stdout.contains("history intact"), "{r:?}");
}

/// Attack: change what a person wrote (the text, then the author) in the
/// store's files. Before: the chain covered only the officers' events, and
/// `audit verify` passed. Now: the `received` event keeps a digest of the
/// text and author, and the verifier names the inquiry.
#[test]
fn what_the_person_wrote_is_covered_by_the_chain() {
    let (d, ids, _) = seeded();
    let victim = ids[0];
    for (field, tamper) in [
        (
            "text",
            Box::new(|v: &mut Value| v["text"] = "semua baik".into()) as Box<dyn Fn(&mut Value)>,
        ),
        (
            "author",
            Box::new(|v: &mut Value| v["author"]["handle"] = "someone_else".into()),
        ),
        (
            "channel",
            Box::new(|v: &mut Value| v["channel"] = "private".into()),
        ),
    ] {
        let old = sled_raw(&d.data, |db| {
            edit_json(&db.open_tree("items").unwrap(), &item_key(victim), |v| {
                tamper(v)
            })
        });
        let r = d.run(&["audit", "verify"]);
        assert_eq!(r.code, 1, "changing the {field}: {r:?}");
        assert!(
            r.stdout.contains(&format!("(inquiry {victim}, event 0)"))
                && r.stdout.contains("what the person wrote"),
            "changing the {field}: {r:?}"
        );
        sled_raw(&d.data, |db| {
            db.open_tree("items")
                .unwrap()
                .insert(item_key(victim), old)
                .unwrap()
        });
        d.ok(&["audit", "verify"]);
    }
}

/// Attack: edit a follow-up the citizen sent later. Now: its `follow_up`
/// event keeps the digest; the verifier names that event.
#[test]
fn a_changed_follow_up_is_named() {
    let d = desk();
    let (id, seq) = d.seed(|q| {
        let ids = ingest(q, &[("f1", "dewi", "anak saya hilang")]);
        let mut later = arrival("f1-2", "dewi", "dia di Myawaddy", Timestamp::now());
        later.conversation_id = Some("f1".into());
        let commit = q
            .store()
            .commit_page(
                &siaga::queue::DeskArrivals,
                "kemlu-x",
                &[later],
                None,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(commit.attached_ids, vec![ids[0]]);
        let history = q.store().history(ids[0]).unwrap();
        let seq = history.iter().find(|e| e.what == "follow_up").unwrap().seq;
        (ids[0], seq)
    });
    d.ok(&["audit", "verify"]);
    sled_raw(&d.data, |db| {
        edit_json(&db.open_tree("items").unwrap(), &item_key(id), |v| {
            v["followups"][0]["text"] = "dia sudah pulang".into()
        });
    });
    let r = d.run(&["audit", "verify"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains(&format!("(inquiry {id}, event {seq})")),
        "{r:?}"
    );
}

/// An erasure for the law empties the text on purpose: the chain stays
/// whole. Attack: empty an inquiry and mark it erased by hand. Now: the
/// verifier asks for the erasure in its history and names the inquiry.
#[test]
fn an_erasure_keeps_the_chain_and_a_faked_one_is_caught() {
    let (d, ids, _) = seeded();
    d.seed(|q| {
        q.store()
            .erase(ids[2], "ani", "the person asked", Timestamp::now())
            .unwrap();
    });
    d.ok(&["audit", "verify"]);
    let real = d.seed(|q| q.get(ids[2]).unwrap().inquiry.erased.unwrap());
    sled_raw(&d.data, |db| {
        edit_json(&db.open_tree("items").unwrap(), &item_key(ids[0]), |v| {
            v["text"] = "".into();
            v["erased"] = serde_json::to_value(&real).unwrap();
        });
    });
    let r = d.run(&["audit", "verify"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains(&format!("(inquiry {}, event 0)", ids[0]))
            && r.stdout.contains("records no erasure"),
        "{r:?}"
    );
}

fn refused_open(dir: &Path) -> String {
    match Store::open(dir) {
        Ok(_) => panic!("the store opened"),
        Err(e) => e.to_string(),
    }
}

/// Attack: delete the chain tree. Before: it was rebuilt silently on the
/// next open, and `audit verify` passed. Now: every command refuses,
/// saying nothing was re-linked; `siaga audit reseal` starts it again,
/// said in its output and logged as a warning with the new head.
#[test]
fn a_removed_chain_is_never_relinked_quietly() {
    let (d, _, _) = seeded();
    sled_raw(&d.data, |db| assert!(db.drop_tree("chain").unwrap()));
    let r = d.run(&["list"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("nothing was re-linked") && r.stderr.contains("siaga audit reseal"),
        "{r:?}"
    );
    assert!(refused_open(&d.data).contains("nothing was re-linked"));
    let r = d.ok(&["audit", "reseal"]);
    assert!(r.stdout.contains("linked anew"), "{r:?}");
    let head = r
        .stdout
        .split("head ")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap();
    assert_eq!(head, "4", "3 arrivals and a note: {r:?}");
    let r = d.ok(&["audit", "verify"]);
    assert!(r.stdout.contains("history intact: 4 events"), "{r:?}");
    d.ok(&["list"]);
}

/// Attack: delete `chain.key` (so a new one would seal whatever is there).
/// Now: refused by name; `reseal` keeps the links (they still verify) and
/// seals the head under a new key.
#[test]
fn a_missing_key_is_never_replaced_quietly() {
    let (d, _, _) = seeded();
    std::fs::remove_file(d.data.join("chain.key")).unwrap();
    let r = d.run(&["list"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("chain.key") && r.stderr.contains("missing"),
        "{r:?}"
    );
    let r = d.ok(&["audit", "reseal"]);
    assert!(r.stdout.contains("still link"), "{r:?}");
    d.ok(&["audit", "verify"]);
}

/// A store from before the seal (a head, no seal, no key) is sealed once
/// when opened. Attack: strip the seal from a sealed store that keeps its
/// key. Now: refused, never sealed again quietly.
#[test]
fn a_store_from_before_the_seal_is_sealed_once_and_a_stripped_seal_refused() {
    let (d, _, _) = seeded();
    let strip = || {
        sled_raw(&d.data, |db| {
            db.open_tree("chain").unwrap().remove(b"seal").unwrap()
        })
    };
    assert!(strip().is_some());
    assert!(refused_open(&d.data).contains("lost its seal"));
    std::fs::remove_file(d.data.join("chain.key")).unwrap();
    let store = Store::open(&d.data).unwrap();
    assert!(store.verify_chain().unwrap().is_intact());
    drop(store);
    assert!(d.data.join("chain.key").exists());
    d.ok(&["audit", "verify"]);
}
