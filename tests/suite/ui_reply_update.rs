//! Replying in `update`, as tables: (state, actions) -> (state, effects).
//! `r` and `E` open the template picker; a pick opens the compose screen
//! with the template rendered in the inquiry's language and channel; the
//! editor, `$EDITOR`, the channel and language switches, sending through
//! the outbox and its answers, discarding, the outbox's news, and `R` / `X`
//! on the detail's replies. No terminal, no store. Officer siti.

use crate::common;

use common::ui::{
    chars, checked, cmd, key, labels, message, picker, queue_state, run, terminal_keys,
};

use ratatui_textarea::{Input, Key};
use siaga::config::Config;
use siaga::model::{Channel, Draft, DraftBody, DraftKind, Inquiry, InquiryId, Priority};
use siaga::queue::{InquiryDetail, QueueEvent};
use siaga::reply::{Lang, PlatformRules, Reply, ReplyBrief, ReplyId, ReplyState};
use siaga::ui::action::TextKey;
use siaga::ui::app::UiOptions;
use siaga::ui::overlay::{Overlay, PickerKind};
use siaga::ui::state::OutboxItem;
use siaga::ui::{Action, Command, Effect, Mode, State, update};

/// The picker row that starts an empty reply.
const BLANK: &str = "(blank reply)";

const OFFICER: &str = "siti";

fn options() -> UiOptions {
    UiOptions::from_config(&Config::defaults(), OFFICER, false, false)
}

/// The queue with `common::rows(n)`: every row is `labour`, written in
/// Indonesian (`in`); ids divisible by 5 came by private message.
fn state(n: u64) -> State {
    queue_state(&options(), n)
}

/// The queue with one public `labour` inquiry, #1 from @warga_1, edited
/// by `edit`.
fn one(edit: impl FnOnce(&mut Inquiry)) -> State {
    let mut s = state(0);
    let mut inq = common::inquiry(
        1,
        Priority::P2,
        30,
        "warga_1",
        "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar",
    );
    edit(&mut inq);
    s.rows = vec![inq];
    s
}

fn private(inq: &mut Inquiry) {
    inq.channel = Channel::Private;
}

/// Keys for the reply editor, as the app makes them from the terminal's.
fn typing(text: &str) -> Vec<Action> {
    terminal_keys(text, Action::ComposeInput)
}

fn editor_key(k: Key) -> Action {
    Action::ComposeInput(Input {
        key: k,
        ..Default::default()
    })
}

/// `r`, part of a template's name, Enter.
fn pick(s: &mut State, name: &str) -> Vec<Effect> {
    let mut actions = vec![cmd(Command::Reply)];
    actions.extend(chars(name));
    actions.push(key(TextKey::Enter));
    run(s, actions)
}

/// The compose screen for the selected row, with the template whose name
/// `name` matches; the picker's LoadDetail is dropped.
fn composing(s: &mut State, name: &str) {
    pick(s, name);
    assert!(
        matches!(s.mode, Mode::Compose { .. }),
        "{name}: not composing"
    );
}

fn text(s: &State) -> String {
    s.compose.as_ref().expect("composing").text()
}

fn edited(s: &State) -> bool {
    s.compose.as_ref().expect("composing").edited
}

fn channel(s: &State) -> Channel {
    s.compose.as_ref().expect("composing").channel
}

fn names(s: &State) -> Vec<String> {
    s.templates.iter().map(|t| t.name.clone()).collect()
}

/// What the inquiry's category is offered first, then the rest in config
/// order, then the blank reply.
fn offer(s: &State, suited: &[&str]) -> Vec<String> {
    let mut want: Vec<String> = suited.iter().map(|n| n.to_string()).collect();
    want.extend(
        names(s)
            .into_iter()
            .filter(|n| !suited.contains(&n.as_str())),
    );
    want.push(BLANK.into());
    want
}

fn detail(inq: &Inquiry, replies: Vec<Reply>, rules: PlatformRules) -> InquiryDetail {
    let mut inquiry = inq.clone();
    inquiry.replies = replies.iter().map(ReplyBrief::of).collect();
    InquiryDetail {
        inquiry,
        history: Vec::new(),
        replies,
        rules,
        escalations: Vec::new(),
        same_author_open: Vec::new(),
    }
}

/// The detail of the selected row open, with `replies`.
fn in_detail(s: &mut State, replies: Vec<Reply>) {
    let inq = s.selected_inquiry().expect("a row").clone();
    update(
        s,
        Action::DetailLoaded(Box::new(detail(&inq, replies, PlatformRules::x()))),
    );
    s.mode = Mode::Detail;
}

/// A reply to `inq` as the store keeps it: numbered `id`, by `officer`,
/// in `state`.
fn reply(inq: &Inquiry, id: u64, officer: &str, state: ReplyState) -> Reply {
    let mut r = Reply::draft(
        inq.id,
        &inq.source,
        officer,
        common::now(),
        Channel::Public,
        Lang::Id,
        Some("mission_contact".into()),
        format!("Halo @{}, mohon hubungi ...", inq.author.handle),
        siaga::reply::compose::target(inq),
    );
    r.id = ReplyId(id);
    r.state = state;
    match state {
        ReplyState::Sent => {
            r.attempts = 1;
            r.platform_id = Some(format!("19990000000000{id:05}"));
            r.finished_at = Some(common::now());
        }
        ReplyState::Failed => {
            r.attempts = 8;
            r.last_error = Some("X: 403 You are not allowed to reply".into());
        }
        _ => {}
    }
    r
}

// -------------------------------------------------------------- picker

#[test]
fn r_offers_the_templates_suiting_the_category_first_then_the_blank_reply() {
    // (category, templates suiting it, in config order)
    let table: [(&str, &[&str]); 6] = [
        (
            "labour",
            &["mission_contact", "send_details_privately", "peduli_wni"],
        ),
        ("crisis", &["hotline", "crisis_register"]),
        ("job_offer", &["job_offer_check"]),
        ("not_protection", &["thanks"]),
        ("documents", &["peduli_wni", "lost_documents"]),
        ("unsorted", &[]),
    ];
    for (category, suited) in table {
        let mut s = one(|i| i.category = category.into());
        let effects = update(&mut s, cmd(Command::Reply));
        assert_eq!(
            effects,
            vec![Effect::LoadDetail(InquiryId(1))],
            "{category}"
        );
        let p = picker(&s);
        assert_eq!(
            p.kind,
            PickerKind::Template { then_editor: false },
            "{category}"
        );
        assert_eq!(labels(p), offer(&s, suited), "{category}");
        assert_eq!(checked(p), suited.to_vec(), "{category}: checked");
        assert_eq!(p.targets.len(), 1, "{category}");
        assert_eq!(p.targets[0].0, InquiryId(1), "{category}");
        assert_eq!(
            p.title,
            format!("Reply to @warga_1: template (✓ suits {category})")
        );
        assert!(!p.allow_new, "{category}: only templates can be picked");
        assert_eq!(s.mode, Mode::Queue, "{category}");
    }
}

/// The picker names templates by their title in the officer's language,
/// with the start of the text under it, filled in for the inquiry; the
/// name still finds it, and Enter picks the template behind the title.
#[test]
fn the_template_picker_shows_titles_and_previews_in_the_officers_language() {
    let cases = [
        (
            siaga::i18n::Lang::En,
            "Contact the local Indonesian mission",
            "Hello @warga_1, please contact",
        ),
        (
            siaga::i18n::Lang::Id,
            "Hubungi Perwakilan RI setempat",
            "Halo @warga_1, mohon hubungi",
        ),
    ];
    for (lang, title, preview) in cases {
        let mut s = one(|_| {});
        s.lang = lang;
        update(&mut s, cmd(Command::Reply));
        let p = picker(&s);
        let item = p.items.iter().find(|i| i.label == title).expect(title);
        assert_eq!(item.value(), "mission_contact", "{lang:?}");
        let shown = item.preview.as_deref().unwrap_or_default();
        assert!(shown.starts_with(preview), "{lang:?}: {shown}");
        assert!(!shown.contains('{'), "placeholders filled: {shown}");
    }
    // A word of the title finds it as well as the name does.
    for typed in ["local mission", "mission_contact"] {
        let mut s = one(|_| {});
        pick(&mut s, typed);
        let compose = s.compose.as_ref().expect(typed);
        let name = compose.template.as_ref().map(|t| t.name.as_str());
        assert_eq!(name, Some("mission_contact"), "{typed}");
    }
}

#[test]
fn r_answers_the_selected_row_or_the_open_detail() {
    let mut s = state(12);
    s.selected = 3;
    let id = s.rows[3].id;
    assert_eq!(
        update(&mut s, cmd(Command::Reply)),
        vec![Effect::LoadDetail(id)]
    );
    assert_eq!(picker(&s).targets[0].0, id);

    // In the detail, the inquiry on screen: the selected one. After `J`
    // moved on, the detail loaded for the previous one is stale and the
    // screen already shows the next.
    let mut s = state(12);
    s.selected = 2;
    in_detail(&mut s, Vec::new());
    s.selected = 5;
    let on_screen = s.rows[5].id;
    assert_eq!(
        update(&mut s, cmd(Command::Reply)),
        vec![Effect::LoadDetail(on_screen)]
    );
    assert_eq!(picker(&s).targets[0].0, on_screen);
    // With its own detail loaded, that detail (fresher than the row).
    let mut s = state(12);
    s.selected = 2;
    in_detail(&mut s, Vec::new());
    let open = s.rows[2].id;
    update(&mut s, cmd(Command::Reply));
    assert_eq!(picker(&s).targets[0].0, open);
    assert!(picker(&s).title.contains("@warga_"), "{}", picker(&s).title);
}

#[test]
fn e_opens_the_same_picker_for_the_editor() {
    for mode in [Mode::Queue, Mode::Detail] {
        let mut s = one(|_| {});
        if mode == Mode::Detail {
            in_detail(&mut s, Vec::new());
        }
        let effects = update(&mut s, cmd(Command::ReplyInEditor));
        assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))], "{mode:?}");
        let p = picker(&s);
        assert_eq!(
            p.kind,
            PickerKind::Template { then_editor: true },
            "{mode:?}"
        );
        assert_eq!(
            labels(p),
            offer(
                &s,
                &["mission_contact", "send_details_privately", "peduli_wni"]
            )
        );
    }
}

#[test]
fn r_does_nothing_without_a_row_and_says_so_without_templates() {
    let mut s = state(0);
    assert!(update(&mut s, cmd(Command::Reply)).is_empty());
    assert!(s.overlay.is_none());

    let mut s = one(|_| {});
    s.templates.clear();
    assert!(update(&mut s, cmd(Command::Reply)).is_empty());
    assert!(s.overlay.is_none());
    assert_eq!(message(&s), "no reply templates are configured");
}

#[test]
fn esc_closes_the_picker_without_composing() {
    let mut s = one(|_| {});
    let effects = run(
        &mut s,
        [
            cmd(Command::Reply),
            key(TextKey::Char('h')),
            key(TextKey::Esc),
        ],
    );
    assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))]);
    assert!(s.overlay.is_none());
    assert!(s.compose.is_none());
    assert_eq!(s.mode, Mode::Queue);
}

#[test]
fn a_query_matching_nothing_picks_nothing() {
    let mut s = one(|_| {});
    let effects = pick(&mut s, "zzzz");
    assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))]);
    assert!(s.compose.is_none());
    assert!(picker(&s).visible().is_empty(), "still open, empty");
}

// ------------------------------------------------------------- compose

#[test]
fn a_pick_opens_compose_with_the_template_rendered() {
    type Edit = fn(&mut Inquiry);
    // (what, inquiry, typed, template, lang, channel, a phrase of the text)
    type Row = (
        &'static str,
        Edit,
        &'static str,
        Option<&'static str>,
        Lang,
        Channel,
        &'static str,
    );
    let table: [Row; 9] = [
        (
            "public labour, lang in",
            |_| {},
            "miss",
            Some("mission_contact"),
            Lang::Id,
            Channel::Public,
            "mohon hubungi Direktorat Pelindungan WNI Kemlu di +62 812-9007-0027",
        ),
        (
            "the first suited one on Enter alone",
            |_| {},
            "",
            Some("mission_contact"),
            Lang::Id,
            Channel::Public,
            "yang menangani wilayah tersebut",
        ),
        (
            "private message",
            private,
            "hotl",
            Some("hotline"),
            Lang::Id,
            Channel::Private,
            "Hotline Pelindungan WNI +62 812-9007-0027",
        ),
        (
            "a private category, written in public",
            |i| i.category = "trafficking".into(),
            "send",
            Some("send_details_privately"),
            Lang::Id,
            Channel::Private,
            "JANGAN di kolom publik",
        ),
        (
            "every private category",
            |i| i.category = "health".into(),
            "peduli",
            Some("peduli_wni"),
            Lang::Id,
            Channel::Private,
            "portal Peduli WNI https://peduli.wni.kemlu.go.id",
        ),
        (
            "lang en",
            |i| i.lang = Some("en".into()),
            "peduli",
            Some("peduli_wni"),
            Lang::En,
            Channel::Public,
            "please file a protection request",
        ),
        (
            "no lang, English words",
            |i| {
                i.lang = None;
                i.text =
                    "@Kemlu_RI please help, my sister is not paid and the agent took her passport"
                        .into();
            },
            "thank",
            Some("thanks"),
            Lang::En,
            Channel::Public,
            "for your kind words",
        ),
        (
            "no lang, Indonesian words",
            |i| i.lang = None,
            "thank",
            Some("thanks"),
            Lang::Id,
            Channel::Public,
            "atas dukungan dan doanya",
        ),
        (
            "mastodon's id tag",
            |i| i.lang = Some("id".into()),
            "lost",
            Some("lost_documents"),
            Lang::Id,
            Channel::Public,
            "untuk paspor hilang atau rusak",
        ),
    ];
    for (what, edit, typed, template, lang, want_channel, phrase) in table {
        let mut s = one(edit);
        let effects = pick(&mut s, typed);
        assert_eq!(effects, vec![Effect::LoadDetail(InquiryId(1))], "{what}");
        assert!(s.overlay.is_none(), "{what}: picker closed");
        assert_eq!(s.mode, Mode::Compose { from_detail: false }, "{what}");
        let c = s.compose.as_ref().expect("composing");
        assert_eq!(c.id(), InquiryId(1), "{what}");
        assert_eq!(
            c.template.as_ref().map(|t| t.name.as_str()),
            template,
            "{what}"
        );
        assert_eq!(c.lang, lang, "{what}");
        assert_eq!(c.channel, want_channel, "{what}");
        assert_eq!(
            c.rules,
            PlatformRules::x(),
            "{what}: X until the detail says"
        );
        assert!(!c.edited && !c.sending && !c.discard_armed, "{what}");
        assert_eq!(c.seen_answers, 0, "{what}");
        let t = c.text();
        assert!(t.contains("@warga_1"), "{what}: {t}");
        assert!(t.contains(phrase), "{what}: {t}");
        let uses_case_ref = c
            .template
            .as_ref()
            .is_some_and(|t| t.text(lang).contains("{case_ref}"));
        assert_eq!(t.contains("SIAGA-1"), uses_case_ref, "{what}: {t}");
        assert!(!t.contains('{'), "{what}: a placeholder left: {t}");
        assert_eq!(c.verdict(&s.reply_config).1, None, "{what}: ready to send");
    }
}

#[test]
fn the_blank_reply_starts_empty_or_with_the_mention_a_mastodon_dm_needs() {
    // (channel, platform, text)
    let table = [
        (Channel::Public, PlatformRules::x(), ""),
        (Channel::Private, PlatformRules::x(), ""),
        (Channel::Public, PlatformRules::mastodon(None), ""),
        (Channel::Private, PlatformRules::mastodon(None), "@warga_1 "),
    ];
    for (ch, rules, want) in table {
        let mut s = one(|i| i.channel = ch);
        update(&mut s, cmd(Command::Reply));
        let inq = s.rows[0].clone();
        update(
            &mut s,
            Action::DetailLoaded(Box::new(detail(&inq, Vec::new(), rules))),
        );
        run(&mut s, chars("blank"));
        assert_eq!(picker(&s).chosen().as_deref(), Some(BLANK));
        run(&mut s, [key(TextKey::Enter)]);
        let c = s.compose.as_ref().expect("composing");
        assert!(c.template.is_none());
        assert_eq!(c.rules, rules);
        assert_eq!(c.text(), want, "{ch:?} {rules:?}");
        assert!(!c.edited);
    }
}

#[test]
fn the_detail_s_rules_reach_a_compose_opened_before_they_came() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    assert_eq!(s.compose.as_ref().unwrap().rules, PlatformRules::x());
    let inq = s.rows[0].clone();
    let mastodon = PlatformRules::mastodon(Some(500));
    update(
        &mut s,
        Action::DetailLoaded(Box::new(detail(&inq, Vec::new(), mastodon))),
    );
    assert_eq!(s.compose.as_ref().unwrap().rules, mastodon);
    // Another inquiry's detail leaves them alone.
    let mut other = inq.clone();
    other.id = InquiryId(2);
    update(
        &mut s,
        Action::DetailLoaded(Box::new(detail(&other, Vec::new(), PlatformRules::x()))),
    );
    assert_eq!(s.compose.as_ref().unwrap().rules, mastodon);
}

#[test]
fn composing_from_the_detail_remembers_it() {
    let mut s = one(|_| {});
    in_detail(&mut s, Vec::new());
    pick(&mut s, "miss");
    assert_eq!(s.mode, Mode::Compose { from_detail: true });
    assert!(s.composing());
}

#[test]
fn answers_already_given_are_counted_when_compose_opens() {
    let inq = common::inquiry(1, Priority::P2, 30, "warga_1", "tolong");
    // (states of the replies so far, answers counted)
    let table: [(&[ReplyState], usize); 4] = [
        (&[], 0),
        (&[ReplyState::Sent], 1),
        (&[ReplyState::Cancelled], 0),
        (
            &[
                ReplyState::Failed,
                ReplyState::Pending,
                ReplyState::Cancelled,
            ],
            2,
        ),
    ];
    for (states, want) in table {
        let replies: Vec<Reply> = states
            .iter()
            .enumerate()
            .map(|(i, st)| reply(&inq, i as u64 + 1, "budi", *st))
            .collect();
        let mut s = one(|i| i.replies = replies.iter().map(ReplyBrief::of).collect());
        composing(&mut s, "miss");
        assert_eq!(s.compose.as_ref().unwrap().seen_answers, want, "{states:?}");
    }
}

// ---------------------------------------------------------- $EDITOR (E)

#[test]
fn e_then_a_pick_hands_the_rendered_text_to_the_editor() {
    let mut s = one(|_| {});
    let mut actions = vec![cmd(Command::ReplyInEditor)];
    actions.extend(chars("miss"));
    actions.push(key(TextKey::Enter));
    let effects = run(&mut s, actions);
    let rendered = text(&s);
    assert!(
        rendered.starts_with("Halo @warga_1, mohon hubungi"),
        "{rendered}"
    );
    assert_eq!(
        effects,
        vec![
            Effect::LoadDetail(InquiryId(1)),
            Effect::ExternalEdit(rendered.clone())
        ]
    );
    assert_eq!(s.mode, Mode::Compose { from_detail: false });
    assert!(!edited(&s));

    // What the editor wrote replaces the text, less its final newline.
    let written = "Halo @warga_1, KBRI Riyadh akan menghubungi Anda.\nKasus SIAGA-1.\n";
    assert!(update(&mut s, Action::ExternalEdited(Ok(written.into()))).is_empty());
    assert_eq!(
        text(&s),
        "Halo @warga_1, KBRI Riyadh akan menghubungi Anda.\nKasus SIAGA-1."
    );
    assert!(edited(&s));
    assert_eq!(s.mode, Mode::Compose { from_detail: false });
}

#[test]
fn ctrl_x_in_compose_edits_the_current_text_in_the_editor() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing(" Terima kasih."));
    let now = text(&s);
    assert!(now.ends_with("Terima kasih."), "{now}");
    assert_eq!(
        update(&mut s, cmd(Command::ExternalEditor)),
        vec![Effect::ExternalEdit(now.clone())]
    );
    assert_eq!(text(&s), now, "unchanged until the editor answers");
}

#[test]
fn an_editor_that_failed_leaves_the_text_and_says_why() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    let before = text(&s);
    update(
        &mut s,
        Action::ExternalEdited(Err("vi exited with 1".into())),
    );
    assert_eq!(text(&s), before);
    assert!(!edited(&s));
    assert_eq!(message(&s), "editor: vi exited with 1");
    // A late answer after the compose was left is dropped.
    let mut s = one(|_| {});
    update(&mut s, Action::ExternalEdited(Ok("late".into())));
    assert!(s.compose.is_none());
    assert_eq!(s.mode, Mode::Queue);
}

// -------------------------------------------------------------- editor

#[test]
fn keys_in_the_editor_change_the_text_and_mark_it_edited() {
    // (keys, the text's end after, edited)
    let table: Vec<(Vec<Action>, &str, bool)> = vec![
        (
            typing("x"),
            "SIAGA-1. Petugas kami juga akan berkoordinasi.x",
            true,
        ),
        (typing(" ok"), "berkoordinasi. ok", true),
        (vec![editor_key(Key::Backspace)], "akan berkoordinasi", true),
        (
            vec![editor_key(Key::Enter), editor_key(Key::Char('-'))],
            "berkoordinasi.\n-",
            true,
        ),
        // Moving the cursor is not an edit.
        (
            vec![editor_key(Key::Left), editor_key(Key::Home)],
            "berkoordinasi.",
            false,
        ),
        (vec![editor_key(Key::Null)], "berkoordinasi.", false),
        // Typing after moving inserts where the cursor is.
        (
            {
                let mut k = vec![editor_key(Key::Home)];
                k.extend(typing(">> "));
                k
            },
            "berkoordinasi.",
            true,
        ),
    ];
    for (keys, end, want_edited) in table {
        let mut s = one(|_| {});
        composing(&mut s, "miss");
        let label = format!("{keys:?}");
        assert!(run(&mut s, keys).is_empty(), "{label}");
        let t = text(&s);
        assert!(t.ends_with(end), "{label}: {t:?}");
        assert_eq!(edited(&s), want_edited, "{label}");
    }
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, [editor_key(Key::Home)]);
    run(&mut s, typing(">> "));
    assert!(text(&s).starts_with(">> Halo @warga_1"), "{}", text(&s));
}

#[test]
fn keys_for_the_editor_outside_compose_do_nothing() {
    let mut s = state(3);
    let before = s.selected;
    assert!(run(&mut s, typing("jjx")).is_empty());
    assert!(s.compose.is_none());
    assert_eq!(s.selected, before);
    assert_eq!(s.mode, Mode::Queue);
}

// ------------------------------------------------------------- channel

#[test]
fn the_channel_toggles_unless_the_citizen_wrote_privately() {
    type Edit = fn(&mut Inquiry);
    // (what, inquiry, channels after each toggle, message after the first)
    let table: [(&str, Edit, &[Channel], &str); 3] = [
        (
            "public",
            |_| {},
            &[Channel::Public, Channel::Private, Channel::Public],
            "reply as a private message",
        ),
        (
            "private category, written in public",
            |i| i.category = "detention".into(),
            &[Channel::Private, Channel::Public, Channel::Private],
            "reply in public",
        ),
        (
            "private message",
            private,
            &[Channel::Private, Channel::Private, Channel::Private],
            "the citizen wrote privately; the answer stays private",
        ),
    ];
    for (what, edit, channels, first_message) in table {
        let mut s = one(edit);
        composing(&mut s, "miss");
        assert_eq!(channel(&s), channels[0], "{what}");
        let before = text(&s);
        assert!(
            update(&mut s, cmd(Command::ToggleChannel)).is_empty(),
            "{what}"
        );
        assert_eq!(channel(&s), channels[1], "{what}");
        assert_eq!(message(&s), first_message, "{what}");
        // On X the template reads the same in both channels.
        assert_eq!(text(&s), before, "{what}");
        assert!(
            update(&mut s, cmd(Command::ToggleChannel)).is_empty(),
            "{what}"
        );
        assert_eq!(channel(&s), channels[2], "{what}");
        assert_eq!(s.mode, Mode::Compose { from_detail: false }, "{what}");
    }
}

#[test]
fn toggling_keeps_the_officer_s_edits() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing(" Salam."));
    let before = text(&s);
    update(&mut s, cmd(Command::ToggleChannel));
    assert_eq!(channel(&s), Channel::Private);
    assert_eq!(text(&s), before);
    assert!(edited(&s));
}

#[test]
fn a_mastodon_dm_gets_the_citizen_s_mention_when_toggled_to_private() {
    let mut s = one(|_| {});
    let inq = s.rows[0].clone();
    update(&mut s, cmd(Command::Reply));
    update(
        &mut s,
        Action::DetailLoaded(Box::new(detail(
            &inq,
            Vec::new(),
            PlatformRules::mastodon(None),
        ))),
    );
    run(&mut s, chars("blank"));
    run(&mut s, [key(TextKey::Enter)]);
    run(&mut s, typing("Mohon kirim detail lewat DM."));
    assert!(edited(&s));
    update(&mut s, cmd(Command::ToggleChannel));
    assert_eq!(channel(&s), Channel::Private);
    assert_eq!(text(&s), "@warga_1 Mohon kirim detail lewat DM.");
    assert!(edited(&s), "still the officer's text");
    assert_eq!(s.compose.as_ref().unwrap().verdict(&s.reply_config).1, None);
}

// ------------------------------------------------------------ language

#[test]
fn switching_the_language_renders_the_template_again() {
    // (template typed, the English text's start, the Indonesian's)
    let table = [
        (
            "miss",
            "Hello @warga_1, please contact Direktorat Pelindungan WNI Kemlu",
            "Halo @warga_1, mohon hubungi",
        ),
        (
            "hotl",
            "Hello @warga_1, please call the Indonesian citizen protection hotline",
            "Halo @warga_1, mohon segera hubungi",
        ),
        (
            "thank",
            "Thank you @warga_1 for your kind words",
            "Terima kasih @warga_1",
        ),
    ];
    for (typed, en, id) in table {
        let mut s = one(|_| {});
        composing(&mut s, typed);
        assert!(text(&s).starts_with(id), "{typed}: {}", text(&s));
        assert!(update(&mut s, cmd(Command::SwitchLang)).is_empty());
        let c = s.compose.as_ref().unwrap();
        assert_eq!(c.lang, Lang::En, "{typed}");
        assert!(c.text().starts_with(en), "{typed}: {}", c.text());
        assert!(!c.edited, "{typed}");
        assert_eq!(message(&s), "language: en (template text rendered again)");
        update(&mut s, cmd(Command::SwitchLang));
        assert_eq!(s.compose.as_ref().unwrap().lang, Lang::Id);
        assert!(text(&s).starts_with(id), "{typed}: back: {}", text(&s));
        assert_eq!(message(&s), "language: id (template text rendered again)");
    }
}

#[test]
fn switching_the_language_of_a_blank_reply_only_says_so() {
    let mut s = one(|_| {});
    composing(&mut s, "blank");
    update(&mut s, cmd(Command::SwitchLang));
    assert_eq!(s.compose.as_ref().unwrap().lang, Lang::En);
    assert_eq!(text(&s), "");
    assert_eq!(message(&s), "language: en");
}

#[test]
fn switching_the_language_keeps_the_channel() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    update(&mut s, cmd(Command::ToggleChannel));
    update(&mut s, cmd(Command::SwitchLang));
    assert_eq!(channel(&s), Channel::Private);
    assert_eq!(s.compose.as_ref().unwrap().lang, Lang::En);
}

/// `Compose::edited` promises that switching the language asks before
/// throwing the officer's edits away; today the edits are silently
/// replaced by the template in the other language.
#[test]
fn switching_the_language_does_not_silently_drop_edits() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing(" KBRI Riyadh sudah dihubungi."));
    update(&mut s, cmd(Command::SwitchLang));
    let asked = matches!(s.overlay, Some(Overlay::Confirm(_)));
    assert!(
        asked || text(&s).contains("KBRI Riyadh sudah dihubungi."),
        "edits lost without a question: {:?} / {:?}",
        text(&s),
        s.message
    );
}

// ---------------------------------------------------------------- send

#[test]
fn send_queues_the_draft_exactly_as_composed() {
    type Edit = fn(&mut Inquiry);
    // (what, inquiry, typed, toggles, channel sent)
    let table: [(&str, Edit, &str, usize, Channel); 4] = [
        ("public", |_| {}, "miss", 0, Channel::Public),
        (
            "public, toggled private",
            |_| {},
            "miss",
            1,
            Channel::Private,
        ),
        ("private message", private, "hotl", 0, Channel::Private),
        (
            "private category, English",
            |i| {
                i.category = "violence".into();
                i.lang = Some("en".into());
            },
            "send",
            0,
            Channel::Private,
        ),
    ];
    for (what, edit, typed, toggles, want_channel) in table {
        let mut s = one(edit);
        composing(&mut s, typed);
        run(&mut s, (0..toggles).map(|_| cmd(Command::ToggleChannel)));
        let c = s.compose.as_ref().unwrap().clone();
        let effects = update(&mut s, cmd(Command::Send));
        let [
            Effect::QueueReply {
                request,
                seen_answers,
            },
        ] = effects.as_slice()
        else {
            panic!("{what}: {effects:?}");
        };
        let draft = common::ui::desk_reply(&s, request, OFFICER);
        assert_eq!(*seen_answers, 0, "{what}");
        let inq = &s.rows[0];
        assert_eq!(draft.inquiry, InquiryId(1), "{what}");
        assert_eq!(draft.officer, OFFICER, "{what}");
        assert_eq!(draft.channel, want_channel, "{what}");
        assert_eq!(draft.text, c.text(), "{what}");
        assert_eq!(draft.lang, c.lang, "{what}");
        assert_eq!(
            draft.template.as_deref(),
            c.template.as_ref().map(|t| t.name.as_str()),
            "{what}"
        );
        assert_eq!(draft.source, inq.source, "{what}");
        assert_eq!(draft.created_at, common::now(), "{what}");
        assert_eq!(draft.state, ReplyState::Pending, "{what}");
        assert_eq!(draft.target.in_reply_to, inq.external_id, "{what}");
        assert_eq!(draft.target.recipient_handle, "warga_1", "{what}");
        assert_eq!(
            draft.target.recipient_id.as_deref(),
            Some("700001"),
            "{what}"
        );
        assert_eq!(*request, c.request(), "{what}");
        let c = s.compose.as_ref().unwrap();
        assert!(c.sending, "{what}");
        assert_eq!(message(&s), "queueing the reply…", "{what}");
        assert_eq!(s.mode, Mode::Compose { from_detail: false }, "{what}");
    }
}

#[test]
fn send_carries_the_answers_seen_when_compose_opened() {
    let inq = common::inquiry(1, Priority::P2, 30, "warga_1", "tolong");
    let earlier = reply(&inq, 4, "budi", ReplyState::Sent);
    let mut s = one(|i| i.replies = vec![ReplyBrief::of(&earlier)]);
    composing(&mut s, "miss");
    let effects = update(&mut s, cmd(Command::Send));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::QueueReply {
                seen_answers: 1,
                ..
            }]
        ),
        "{effects:?}"
    );
}

#[test]
fn send_replies_to_the_latest_follow_up() {
    let mut s = one(|i| {
        i.followups.push(siaga::model::FollowUp {
            external_id: "1861000000000099999".into(),
            text: "sudah 6 bulan".into(),
            created_at: common::now(),
            received_at: common::now(),
        });
    });
    composing(&mut s, "miss");
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::QueueReply { request, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let draft = common::ui::desk_reply(&s, request, OFFICER);
    assert_eq!(draft.target.in_reply_to, "1861000000000099999");
}

#[test]
fn send_refuses_what_must_not_go_out() {
    type Setup = fn(&mut State);
    // (what, setup of a public labour reply, message)
    let table: [(&str, Setup, &str); 7] = [
        (
            "a phone number typed in public",
            |s| {
                run(s, typing(" Atau hubungi 0812 3456 7890."));
            },
            "not sent: a public reply must not contain a phone number; answer privately instead",
        ),
        (
            "a phone number from the editor",
            |s| {
                update(
                    s,
                    Action::ExternalEdited(
                        Ok("Halo @warga_1, hubungi +62 813-1111-2222 ya".into()),
                    ),
                );
            },
            "not sent: a public reply must not contain a phone number; answer privately instead",
        ),
        (
            "a passport number in public",
            |s| {
                run(s, typing(" Paspor C1234567 ditahan."));
            },
            "not sent: a public reply must not contain a passport number; answer privately instead",
        ),
        (
            "a NIK in public",
            |s| {
                run(s, typing(" NIK 3174012345670001"));
            },
            "not sent: a public reply must not contain a NIK (national identity number); answer privately instead",
        ),
        (
            "over X's 280",
            |s| {
                run(s, typing(&" tambahan".repeat(20)));
                let t = s.compose.as_ref().unwrap().text();
                assert_eq!(PlatformRules::x().count(&t), 361, "{t}");
            },
            "not sent: too long for X: 361 of 280",
        ),
        (
            "empty",
            |s| {
                update(s, Action::ExternalEdited(Ok("  \n".into())));
            },
            "not sent: the reply is empty",
        ),
        (
            "a private message to X without the citizen's id",
            |s| {
                let c = s.compose.as_mut().unwrap();
                c.inquiry.author.platform_id = None;
                update(s, cmd(Command::ToggleChannel));
            },
            "not sent: a private X reply needs the citizen's user id, which this inquiry lacks",
        ),
    ];
    for (what, setup, want) in table {
        let mut s = one(|_| {});
        composing(&mut s, "miss");
        setup(&mut s);
        let before = text(&s);
        let effects = update(&mut s, cmd(Command::Send));
        assert!(effects.is_empty(), "{what}: {effects:?}");
        assert_eq!(message(&s), want, "{what}");
        let c = s.compose.as_ref().expect("still composing");
        assert!(!c.sending, "{what}");
        assert_eq!(c.text(), before, "{what}: text kept");
        assert_eq!(s.mode, Mode::Compose { from_detail: false }, "{what}");
    }
}

#[test]
fn the_same_phone_number_goes_out_privately() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing(" Atau hubungi 0812 3456 7890."));
    assert!(update(&mut s, cmd(Command::Send)).is_empty());
    assert!(message(&s).contains("answer privately"), "{}", message(&s));
    update(&mut s, cmd(Command::ToggleChannel));
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::QueueReply { request, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let draft = common::ui::desk_reply(&s, request, OFFICER);
    assert_eq!(draft.channel, Channel::Private);
    assert!(draft.text.ends_with("0812 3456 7890."), "{}", draft.text);
}

#[test]
fn the_desk_s_own_hotline_is_no_personal_number() {
    let mut s = one(|_| {});
    composing(&mut s, "hotl");
    assert!(text(&s).contains("+62 812-9007-0027"));
    assert_eq!(channel(&s), Channel::Public);
    let effects = update(&mut s, cmd(Command::Send));
    assert!(
        matches!(effects.as_slice(), [Effect::QueueReply { .. }]),
        "{effects:?}"
    );
}

#[test]
fn send_goes_once_and_the_editor_waits_while_queueing() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    assert_eq!(update(&mut s, cmd(Command::Send)).len(), 1);
    let before = text(&s);
    assert!(update(&mut s, cmd(Command::Send)).is_empty(), "sent once");
    run(&mut s, typing("xyz"));
    assert_eq!(text(&s), before, "no typing while queueing");
    assert!(s.compose.as_ref().unwrap().sending);
}

// ------------------------------------------------------ the outbox answers

#[test]
fn a_queued_reply_leaves_compose_for_where_it_came_from_and_is_tracked() {
    for from_detail in [false, true] {
        let mut s = one(|_| {});
        if from_detail {
            in_detail(&mut s, Vec::new());
        }
        composing(&mut s, "miss");
        let effects = update(&mut s, cmd(Command::Send));
        let [Effect::QueueReply { request, .. }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        let draft = common::ui::desk_reply(&s, request, OFFICER);
        let mut queued = draft.clone();
        queued.id = ReplyId(7);
        assert!(update(&mut s, Action::ReplyQueued(Ok(queued))).is_empty());
        assert_eq!(
            s.mode,
            if from_detail {
                Mode::Detail
            } else {
                Mode::Queue
            },
            "from_detail {from_detail}"
        );
        assert!(s.compose.is_none());
        assert_eq!(message(&s), "r7 queued for @warga_1 (in public); sending…");
        assert_eq!(
            s.outbox.get(&ReplyId(7)),
            Some(&OutboxItem {
                inquiry: InquiryId(1),
                officer: OFFICER.into(),
                state: ReplyState::Pending,
            })
        );
        assert_eq!(s.outbox.len(), 1);
    }
}

#[test]
fn a_refused_send_stays_in_compose_with_the_text() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing(" Salam."));
    let before = text(&s);
    update(&mut s, cmd(Command::Send));
    let why = "budi answered #1 since you began (r3); read it first";
    assert!(update(&mut s, Action::ReplyQueued(Err(why.into()))).is_empty());
    assert_eq!(s.mode, Mode::Compose { from_detail: false });
    let c = s.compose.as_ref().unwrap();
    assert_eq!(c.text(), before);
    assert!(c.edited);
    assert!(!c.sending, "may be sent again");
    assert_eq!(message(&s), format!("not sent: {why}"));
    assert!(s.outbox.is_empty());
    // And it can: typing works, Send queues again.
    run(&mut s, typing("!"));
    assert!(text(&s).ends_with("Salam.!"));
    assert_eq!(update(&mut s, cmd(Command::Send)).len(), 1);
}

#[test]
fn the_outbox_at_start_fills_the_status_bar_s_list() {
    let inq = common::inquiry(1, Priority::P2, 30, "warga_1", "tolong");
    let mut s = state(0);
    s.outbox.insert(
        ReplyId(99),
        OutboxItem {
            inquiry: InquiryId(9),
            officer: "old".into(),
            state: ReplyState::Pending,
        },
    );
    let open = vec![
        reply(&inq, 1, "siti", ReplyState::Pending),
        reply(&inq, 2, "budi", ReplyState::Failed),
        reply(&inq, 3, "siti", ReplyState::Sent),
        reply(&inq, 4, "siti", ReplyState::Unknown),
    ];
    assert!(update(&mut s, Action::OutboxLoaded(open)).is_empty());
    let got: Vec<(u64, ReplyState)> = s.outbox.iter().map(|(id, o)| (id.0, o.state)).collect();
    assert_eq!(
        got,
        vec![
            (1, ReplyState::Pending),
            (2, ReplyState::Failed),
            (4, ReplyState::Unknown)
        ]
    );
}

// -------------------------------------------------------------- discard

#[test]
fn esc_leaves_an_untouched_reply_at_once_and_an_edited_one_on_the_second() {
    // (edit before, from the detail, Backs pressed, still composing after each)
    type Row = (bool, bool, &'static [bool]);
    let table: [Row; 4] = [
        (false, false, &[false]),
        (false, true, &[false]),
        (true, false, &[true, false]),
        (true, true, &[true, false]),
    ];
    for (edit, from_detail, after) in table {
        let mut s = one(|_| {});
        if from_detail {
            in_detail(&mut s, Vec::new());
        }
        composing(&mut s, "miss");
        if edit {
            run(&mut s, typing("x"));
        }
        let label = format!("edited {edit}, from detail {from_detail}");
        for (i, still) in after.iter().enumerate() {
            assert!(update(&mut s, cmd(Command::Back)).is_empty(), "{label}");
            if *still {
                assert_eq!(s.mode, Mode::Compose { from_detail }, "{label} #{i}");
                assert_eq!(message(&s), "Esc again discards this reply", "{label}");
                assert!(s.compose.as_ref().unwrap().discard_armed, "{label}");
            } else {
                let back = if from_detail {
                    Mode::Detail
                } else {
                    Mode::Queue
                };
                assert_eq!(s.mode, back, "{label} #{i}");
                assert!(s.compose.is_none(), "{label}");
                assert_eq!(message(&s), "reply discarded", "{label}");
            }
        }
    }
}

#[test]
fn anything_between_two_escs_disarms_the_discard() {
    let between: Vec<(&str, Vec<Action>)> = vec![
        ("typing", typing("y")),
        ("a cursor move", vec![editor_key(Key::Left)]),
        ("toggling the channel", vec![cmd(Command::ToggleChannel)]),
        ("a refused send", vec![cmd(Command::Send)]),
    ];
    for (what, actions) in between {
        let mut s = one(|_| {});
        composing(&mut s, "miss");
        run(&mut s, typing(" 0812 3456 7890"));
        update(&mut s, cmd(Command::Back));
        assert!(s.compose.as_ref().unwrap().discard_armed, "{what}");
        run(&mut s, actions);
        assert!(!s.compose.as_ref().unwrap().discard_armed, "{what}");
        update(&mut s, cmd(Command::Back));
        assert!(
            matches!(s.mode, Mode::Compose { .. }),
            "{what}: one Esc after it does not discard"
        );
        update(&mut s, cmd(Command::Back));
        assert_eq!(s.mode, Mode::Queue, "{what}");
    }
}

#[test]
fn quit_from_compose_keeps_the_draft_and_asks_first_when_a_reply_is_typed() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    // Nothing typed: C-c quits at once, with nothing to keep.
    assert_eq!(
        update(&mut s.clone(), cmd(Command::Quit)),
        vec![Effect::Quit]
    );
    run(&mut s, typing("x"));
    let id = s.compose.as_ref().unwrap().id();
    let typed = text(&s);
    assert_eq!(
        update(&mut s, cmd(Command::Quit)),
        vec![Effect::SaveDraft {
            inquiry: id,
            body: reply_draft(&typed, Some("mission_contact"), Lang::Id, Channel::Public),
        }],
        "one C-c keeps the draft and quits nothing"
    );
    assert!(!s.quitting);
    assert!(matches!(s.mode, Mode::Compose { .. }));
    assert_eq!(
        message(&s),
        format!(
            "your reply to #{id} is not sent; its draft is kept: C-c again quits, Esc goes back to it"
        )
    );
    // Any other key in between disarms it; what it typed is kept too.
    run(&mut s, typing("y"));
    assert!(matches!(
        update(&mut s, cmd(Command::Quit)).as_slice(),
        [Effect::SaveDraft { .. }]
    ));
    // Kept already: the second quits, saving nothing again.
    assert_eq!(update(&mut s, cmd(Command::Quit)), vec![Effect::Quit]);
    assert!(s.quitting);
}

#[test]
fn a_signal_keeps_the_draft_and_quits_at_once() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing("x"));
    let body = s.compose.as_ref().unwrap().draft();
    assert_eq!(
        update(&mut s, Action::Terminate),
        vec![
            Effect::SaveDraft {
                inquiry: InquiryId(1),
                body
            },
            Effect::Quit
        ]
    );
    assert!(s.quitting);
}

// ---------------------------------------------------------------- drafts

fn reply_draft(text: &str, template: Option<&str>, lang: Lang, channel: Channel) -> DraftBody {
    DraftBody::Reply {
        text: text.into(),
        template: template.map(str::to_string),
        lang,
        channel,
    }
}

fn tick(s: &mut State) -> Vec<Effect> {
    let now = s.now;
    update(s, Action::Tick(now))
}

/// The draft siti kept for #1, saved at the state's clock.
fn kept(s: &State, body: DraftBody) -> Draft {
    Draft {
        inquiry: InquiryId(1),
        officer: OFFICER.into(),
        saved_at: s.now,
        body,
    }
}

#[test]
fn what_is_typed_is_saved_on_the_next_tick_once() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    assert!(tick(&mut s).is_empty(), "nothing typed, nothing kept");
    run(&mut s, typing(" Semoga"));
    let body = reply_draft(
        &text(&s),
        Some("mission_contact"),
        Lang::Id,
        Channel::Public,
    );
    // Each change is saved once, by the tick after it.
    assert_eq!(
        tick(&mut s),
        vec![Effect::SaveDraft {
            inquiry: InquiryId(1),
            body: body.clone()
        }]
    );
    assert!(tick(&mut s).is_empty(), "unchanged since");
    assert_eq!(
        s.drafts.get(&(InquiryId(1), DraftKind::Reply)),
        Some(&kept(&s, body))
    );
    // A choice is part of it: the channel switch is saved too.
    update(&mut s, cmd(Command::ToggleChannel));
    let saved = tick(&mut s);
    assert!(
        matches!(
            &saved[..],
            [Effect::SaveDraft {
                body: DraftBody::Reply {
                    channel: Channel::Private,
                    ..
                },
                ..
            }]
        ),
        "{saved:?}"
    );
}

#[test]
fn a_reply_being_queued_is_not_saved_and_its_draft_goes_with_the_send() {
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing(" Semoga lekas"));
    tick(&mut s);
    // Typed after the last save, then sent at once.
    run(&mut s, typing(" selesai."));
    let sent = update(&mut s, cmd(Command::Send));
    let Some(Effect::QueueReply { request, .. }) = sent.first() else {
        panic!("{sent:?}");
    };
    assert!(sent[0].touches_drafts(), "the send runs after the save");
    let request = request.clone();
    assert!(tick(&mut s).is_empty(), "no save while it is being queued");
    let reply = common::ui::desk_reply(&s, &request, OFFICER);
    // The desk drops the draft as it queues: the screen asks nothing more.
    assert!(update(&mut s, Action::ReplyQueued(Ok(reply))).is_empty());
    assert!(s.drafts.is_empty());
    assert!(tick(&mut s).is_empty());
}

#[test]
fn discarding_drops_the_draft_the_desk_kept() {
    // (saved before the discard, effects of the second Esc)
    for saved in [false, true] {
        let mut s = one(|_| {});
        composing(&mut s, "miss");
        run(&mut s, typing("x"));
        if saved {
            tick(&mut s);
        }
        assert!(update(&mut s, cmd(Command::Back)).is_empty(), "{saved}");
        let want = if saved {
            vec![Effect::DropDraft {
                inquiry: InquiryId(1),
                kind: DraftKind::Reply,
            }]
        } else {
            Vec::new()
        };
        assert_eq!(update(&mut s, cmd(Command::Back)), want, "saved {saved}");
        assert_eq!(message(&s), "reply discarded");
        assert!(s.drafts.is_empty(), "{saved}");
    }
}

#[test]
fn r_on_an_inquiry_with_a_draft_brings_it_back() {
    let mut s = one(|_| {});
    let body = reply_draft(
        "Good afternoon, we are on it.",
        Some("mission_contact"),
        Lang::En,
        Channel::Private,
    );
    let draft = Draft {
        saved_at: s.now - jiff::SignedDuration::from_mins(20),
        ..kept(&s, body.clone())
    };
    update(&mut s, Action::DraftsLoaded(Ok(vec![draft.clone()])));
    assert_eq!(message(&s), "1 draft kept: #1");
    // `r`: no picker, the compose screen with what was kept.
    assert_eq!(
        update(&mut s, cmd(Command::Reply)),
        vec![Effect::LoadDetail(InquiryId(1))]
    );
    assert!(s.overlay.is_none());
    assert!(matches!(s.mode, Mode::Compose { .. }));
    let c = s.compose.as_ref().unwrap();
    assert_eq!(c.draft(), body);
    assert_eq!(
        c.template.as_ref().map(|t| t.name.as_str()),
        Some("mission_contact")
    );
    assert!(c.edited, "Esc asks before throwing it away");
    assert_eq!(
        message(&s),
        format!(
            "draft from {} restored",
            siaga::ui::view::clock_zoned(draft.saved_at)
        )
    );
    // Restored, it is kept as it is: nothing to save; a discard drops it.
    assert!(tick(&mut s).is_empty());
    update(&mut s, cmd(Command::Back));
    assert_eq!(
        update(&mut s, cmd(Command::Back)),
        vec![Effect::DropDraft {
            inquiry: InquiryId(1),
            kind: DraftKind::Reply
        }]
    );
    // Gone: `r` offers the templates again.
    update(&mut s, cmd(Command::Reply));
    assert!(matches!(s.overlay, Some(Overlay::Picker(_))));
}

#[test]
fn e_on_an_inquiry_with_a_draft_opens_the_editor_on_it() {
    let mut s = one(|_| {});
    let body = reply_draft("Halo, kami bantu.", None, Lang::Id, Channel::Public);
    let draft = kept(&s, body);
    update(&mut s, Action::DraftsLoaded(Ok(vec![draft])));
    assert_eq!(
        update(&mut s, cmd(Command::ReplyInEditor)),
        vec![
            Effect::LoadDetail(InquiryId(1)),
            Effect::ExternalEdit("Halo, kami bantu.".into())
        ]
    );
}

#[test]
fn the_start_names_the_inquiries_with_drafts_once() {
    let mut s = state(3);
    let body = reply_draft("x", None, Lang::Id, Channel::Public);
    let at = |id: u64| Draft {
        inquiry: InquiryId(id),
        officer: OFFICER.into(),
        saved_at: s.now,
        body: body.clone(),
    };
    let drafts = vec![at(1), at(3)];
    update(&mut s, Action::DraftsLoaded(Ok(drafts)));
    assert_eq!(message(&s), "2 drafts kept: #1, #3");
    assert_eq!(s.drafts.len(), 2);
    let mut s = state(3);
    update(&mut s, Action::DraftsLoaded(Ok(Vec::new())));
    assert_eq!(s.message, None, "none: nothing said");
    update(
        &mut s,
        Action::DraftNotKept {
            inquiry: InquiryId(2),
            why: "the disk holding /q is full".into(),
        },
    );
    assert_eq!(
        message(&s),
        "the draft for #2 was not kept: the disk holding /q is full"
    );
}

// ----------------------------------------------------- the outbox's news

#[test]
fn news_of_a_reply_updates_the_outbox_the_detail_and_tells_its_officer() {
    let inq = common::inquiry(1, Priority::P2, 30, "warga_1", "tolong");
    // (officer, state, message, still in the outbox)
    let table: [(&str, ReplyState, Option<&str>, bool); 8] = [
        (
            "siti",
            ReplyState::Failed,
            Some(
                "r3 for #1 failed: X: 403 You are not allowed to reply; open it, R retries, X cancels",
            ),
            true,
        ),
        ("budi", ReplyState::Failed, None, true),
        (
            "siti",
            ReplyState::Sent,
            Some("r3 posted as 1999000000000000003 (#1)"),
            false,
        ),
        ("budi", ReplyState::Sent, None, false),
        ("siti", ReplyState::Pending, None, true),
        ("siti", ReplyState::Sending, None, true),
        ("siti", ReplyState::Unknown, None, true),
        ("siti", ReplyState::Cancelled, None, false),
    ];
    for (officer, st, want_message, kept) in table {
        let label = format!("{officer} {st}");
        let mut s = one(|_| {});
        // It was pending in the outbox, and shown in the open detail.
        let before = reply(&inq, 3, officer, ReplyState::Pending);
        let other = reply(&inq, 2, "budi", ReplyState::Sent);
        in_detail(&mut s, vec![other.clone(), before.clone()]);
        update(&mut s, Action::OutboxLoaded(vec![before]));
        let now = reply(&inq, 3, officer, st);
        let effects = update(
            &mut s,
            Action::Queue(QueueEvent::Reply {
                reply: Box::new(now.clone()),
            }),
        );
        assert!(effects.is_empty(), "{label}: {effects:?}");
        assert_eq!(s.message.as_deref(), want_message, "{label}");
        match s.outbox.get(&ReplyId(3)) {
            Some(item) => {
                assert!(kept, "{label}: still listed");
                assert_eq!(item.state, st, "{label}");
                assert_eq!(item.officer, officer, "{label}");
            }
            None => assert!(!kept, "{label}: gone"),
        }
        let d = s.detail.as_ref().unwrap();
        assert_eq!(d.replies, vec![other, now], "{label}: detail");
        assert_eq!(s.mode, Mode::Detail, "{label}");
    }
}

#[test]
fn news_of_a_reply_new_to_the_detail_is_added_and_another_s_left_alone() {
    let mut s = state(3);
    in_detail(&mut s, Vec::new());
    let shown = s.rows[0].clone();
    let elsewhere = s.rows[1].clone();
    let r = reply(&elsewhere, 5, "budi", ReplyState::Pending);
    update(
        &mut s,
        Action::Queue(QueueEvent::Reply { reply: Box::new(r) }),
    );
    assert!(s.detail.as_ref().unwrap().replies.is_empty());
    assert_eq!(s.outbox.len(), 1);
    let r = reply(&shown, 6, "siti", ReplyState::Pending);
    update(
        &mut s,
        Action::Queue(QueueEvent::Reply {
            reply: Box::new(r.clone()),
        }),
    );
    assert_eq!(s.detail.as_ref().unwrap().replies, vec![r]);
    assert_eq!(s.outbox.len(), 2);
    assert!(s.message.is_none(), "a pending reply is no news");
}

#[test]
fn news_of_my_failed_reply_reaches_me_while_composing_another() {
    let inq = common::inquiry(2, Priority::P2, 30, "warga_2", "tolong");
    let mut s = one(|_| {});
    composing(&mut s, "miss");
    run(&mut s, typing("x"));
    let failed = reply(&inq, 9, "siti", ReplyState::Failed);
    update(
        &mut s,
        Action::Queue(QueueEvent::Reply {
            reply: Box::new(failed),
        }),
    );
    assert!(
        message(&s).starts_with("r9 for #2 failed"),
        "{}",
        message(&s)
    );
    assert_eq!(s.mode, Mode::Compose { from_detail: false });
    assert!(text(&s).ends_with('x'));
}

// ---------------------------------------------------- retry and cancel

#[test]
fn r_and_x_in_the_detail_act_on_the_right_reply() {
    use ReplyState::{Cancelled, Failed, Pending, Sending, Sent, Unknown};
    // (replies oldest first, RetryReply's effect, CancelReply's effect)
    type Row = (&'static [ReplyState], Option<u64>, Option<u64>);
    let table: [Row; 9] = [
        (&[Sent, Failed], Some(2), Some(2)),
        (&[Failed, Sent], Some(1), Some(1)),
        (&[Failed, Failed], Some(2), Some(2)),
        (&[Failed, Pending], Some(1), Some(2)),
        (&[Pending], None, Some(1)),
        (&[Unknown], None, Some(1)),
        (&[Sending], None, None),
        (&[Sent, Cancelled], None, None),
        (&[], None, None),
    ];
    for (states, retry, cancel) in table {
        let mut s = one(|_| {});
        let inq = s.rows[0].clone();
        let replies = states
            .iter()
            .enumerate()
            .map(|(i, st)| reply(&inq, i as u64 + 1, "siti", *st))
            .collect();
        in_detail(&mut s, replies);
        let effects = update(&mut s, cmd(Command::RetryReply));
        match retry {
            Some(id) => {
                assert_eq!(effects, vec![Effect::RetryReply(ReplyId(id))], "{states:?}");
                assert!(s.message.is_none(), "{states:?}");
            }
            None => {
                assert!(effects.is_empty(), "{states:?}: {effects:?}");
                assert_eq!(message(&s), "no failed reply to retry here", "{states:?}");
            }
        }
        let effects = update(&mut s, cmd(Command::CancelReply));
        match cancel {
            Some(id) => {
                assert_eq!(
                    effects,
                    vec![Effect::CancelReply(ReplyId(id))],
                    "{states:?}"
                );
                assert!(s.message.is_none(), "{states:?}");
            }
            None => {
                assert!(effects.is_empty(), "{states:?}: {effects:?}");
                assert_eq!(message(&s), "no unsent reply to cancel here", "{states:?}");
            }
        }
        assert_eq!(s.mode, Mode::Detail, "{states:?}");
    }
}

#[test]
fn retry_and_cancel_answer_in_the_status_bar() {
    let mut s = one(|_| {});
    let inq = s.rows[0].clone();
    let failed = reply(&inq, 4, "siti", ReplyState::Failed);
    in_detail(&mut s, vec![failed.clone()]);
    update(&mut s, Action::OutboxLoaded(vec![failed.clone()]));
    assert_eq!(s.outbox[&ReplyId(4)].state, ReplyState::Failed);

    let mut retried = failed.clone();
    retried.state = ReplyState::Pending;
    update(&mut s, Action::ReplyChanged(Ok(Box::new(retried))));
    assert_eq!(message(&s), "r4 is pending");
    assert_eq!(s.outbox[&ReplyId(4)].state, ReplyState::Pending);

    let mut cancelled = failed;
    cancelled.state = ReplyState::Cancelled;
    update(&mut s, Action::ReplyChanged(Ok(Box::new(cancelled))));
    assert_eq!(message(&s), "r4 is cancelled");
    assert!(s.outbox.is_empty());

    update(
        &mut s,
        Action::ReplyChanged(Err("r4 is already sent; nothing to retry".into())),
    );
    assert_eq!(message(&s), "r4 is already sent; nothing to retry");
}

#[test]
fn retry_and_cancel_are_detail_keys_only() {
    let mut s = one(|_| {});
    let inq = s.rows[0].clone();
    let failed = reply(&inq, 4, "siti", ReplyState::Failed);
    in_detail(&mut s, vec![failed]);
    s.mode = Mode::Queue;
    assert!(update(&mut s, cmd(Command::RetryReply)).is_empty());
    assert!(update(&mut s, cmd(Command::CancelReply)).is_empty());
    composing(&mut s, "miss");
    assert!(update(&mut s, cmd(Command::RetryReply)).is_empty());
    assert!(update(&mut s, cmd(Command::CancelReply)).is_empty());
    assert!(matches!(s.mode, Mode::Compose { .. }));
}

/// Send, then Esc before the outbox answered: the reply is on its way.
fn sent_then_left(s: &mut State) -> Box<Reply> {
    composing(s, "miss");
    let effects = update(s, cmd(Command::Send));
    let [Effect::QueueReply { request, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let draft = common::ui::desk_reply(s, request, OFFICER);
    let mut queued = draft.clone();
    queued.id = ReplyId(7);
    update(s, cmd(Command::Back));
    queued
}

/// The draft went to the outbox; Esc while "queueing…" cannot take it
/// back, yet it says "reply discarded" (and leaves at once).
#[test]
fn esc_while_queueing_does_not_claim_to_discard() {
    let mut s = state(3);
    sent_then_left(&mut s);
    assert_eq!(s.mode, Mode::Queue);
    assert!(
        message(&s).starts_with("the reply is being queued and will be sent"),
        "the reply was handed to the outbox and will be sent: {}",
        message(&s)
    );
}

/// The outbox's answer to a send that came after the officer left the
/// compose screen must not move them, nor close another reply.
#[test]
fn a_late_queued_answer_leaves_the_officer_where_they_are() {
    // They opened the detail meanwhile.
    let mut s = state(3);
    let queued = sent_then_left(&mut s);
    update(&mut s, cmd(Command::Open));
    assert_eq!(s.mode, Mode::Detail);
    update(&mut s, Action::ReplyQueued(Ok(queued)));
    assert_eq!(s.outbox.len(), 1, "tracked");
    let handle = &s.rows[0].author.handle;
    assert!(
        message(&s).contains(&format!("@{handle}")),
        "{}",
        message(&s)
    );
    assert_eq!(s.mode, Mode::Detail, "still in the detail");

    // They began another reply meanwhile.
    let mut s = state(3);
    let queued = sent_then_left(&mut s);
    update(&mut s, cmd(Command::Down));
    composing(&mut s, "hotl");
    run(&mut s, typing(" Salam."));
    update(&mut s, Action::ReplyQueued(Ok(queued)));
    assert!(
        matches!(s.mode, Mode::Compose { .. }),
        "the new reply is still open: {:?}",
        s.mode
    );
    assert!(text(&s).ends_with("Salam."));
}

/// The outbox can be quicker than the store's answer: the reply was sent
/// (its news arrived) before "queued" reached the screen. The late answer
/// neither hides "posted" nor puts the reply back in the status bar.
#[test]
fn news_of_the_send_that_overtakes_the_queued_answer_stands() {
    let mut s = state(3);
    composing(&mut s, "miss");
    let effects = update(&mut s, cmd(Command::Send));
    let [Effect::QueueReply { request, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let draft = common::ui::desk_reply(&s, request, OFFICER);
    let mut queued = draft.clone();
    queued.id = ReplyId(9);
    let mut sent = queued.clone();
    sent.state = ReplyState::Sent;
    sent.platform_id = Some("1870000000000000001".into());
    update(
        &mut s,
        Action::Queue(QueueEvent::Reply {
            reply: sent.clone(),
        }),
    );
    assert!(message(&s).contains("r9 posted"), "{}", message(&s));
    update(&mut s, Action::ReplyQueued(Ok(queued)));
    assert!(message(&s).contains("r9 posted"), "{}", message(&s));
    assert!(s.outbox.is_empty(), "{:?}", s.outbox);
    assert!(
        !matches!(s.mode, Mode::Compose { .. }),
        "left the compose screen"
    );
}
