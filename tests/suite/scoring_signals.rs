//! The scorer's readings of issue #19, each seen in "Why:": affixed
//! Indonesian forms, emoji and emoji sequences, flags, Chinese and Japanese
//! without spaces, Arabic with joined letters and harakat, and the added
//! negation and hedging forms. The held-out sets (`scoring_eval`) measure
//! them; these pin each one down.

use siaga::model::Priority;
use siaga::triage::{Lexicon, Verdict};

fn score(text: &str) -> Verdict {
    Lexicon::builtin().score(text)
}

fn why(v: &Verdict) -> String {
    v.reasons.join("; ")
}

/// The issue's own example: crying, Saudi Arabia, locked in a house, no
/// passport, no money, wants to fly home, SOS. It was P3.
#[test]
fn the_issues_emoji_plea_is_urgent() {
    let v = score("😭😭🙏🙏🙏 🇸🇦🏠🔒 🛂❌ 💰❌ ✈️🇮🇩❓❓ 🆘🆘");
    assert!(v.priority <= Priority::P2, "{:?}: {}", v.priority, why(&v));
    assert_eq!(v.category, "labour", "{}", why(&v));
    let why = why(&v);
    for read in [
        "🔒 → dikunci",
        "🛂❌ → tidak punya paspor",
        "💰❌ → tidak punya uang",
        "🆘 → sos",
        "🇸🇦 → SA",
    ] {
        assert!(why.contains(read), "{read} not in {why}");
    }
}

#[test]
fn affixed_forms_match_and_say_how() {
    let v = score("keponakan sy terpidana, eksekusinya minggu depan");
    assert_eq!(v.category, "detention", "{}", why(&v));
    assert!(why(&v).contains("eksekusinya → eksekusi"), "{}", why(&v));

    let v = score("adik sy dipukulinya tiap hari sama majikan");
    assert_eq!(v.priority, Priority::P1, "{}", why(&v));
    assert!(why(&v).contains("dipukulinya → dipukuli"), "{}", why(&v));

    let v = score("suami sy ditahannya di kantor polisi sejak kemarin");
    assert_eq!(v.category, "detention", "{}", why(&v));
    assert!(
        why(&v).contains("ditahan di (ditahannya → ditahan)"),
        "{}",
        why(&v)
    );

    let v = score("kakak sy disekapnya di rumah agen");
    assert_eq!(v.priority, Priority::P1, "{}", why(&v));
    assert!(why(&v).contains("disekapnya → disekap"), "{}", why(&v));
}

#[test]
fn kena_bom_is_a_bombing_and_collapsed_raises() {
    let v = score("rumah sebelah kena bom tadi malam, kami di basement");
    assert_eq!(
        (v.priority, v.category.as_str()),
        (Priority::P1, "crisis"),
        "{}",
        why(&v)
    );
    assert!(why(&v).contains("kena bom"), "{}", why(&v));

    let v = score("Earthquake hit, our dorm partly collapsed, 3 friends inside");
    assert_eq!(v.priority, Priority::P1, "{}", why(&v));
    assert!(why(&v).contains("collapsed"), "{}", why(&v));
}

#[test]
fn an_active_form_is_not_a_beating() {
    let v = score("sy mau tanya, apa hukumnya kalau memukul pencuri?");
    assert_ne!(v.priority, Priority::P1, "{}", why(&v));
}

#[test]
fn sos_and_medical_emoji_are_signals() {
    let v = score("🆘🆘 🇱🇧");
    assert!(why(&v).contains("🆘 → sos"), "{}", why(&v));
    assert!(v.priority <= Priority::P2, "{}", why(&v));

    let v = score("🏥🚑 🇹🇼");
    assert_eq!(v.category, "health", "{}", why(&v));
    assert!(why(&v).contains("🚑 → ambulans"), "{}", why(&v));
}

#[test]
fn a_padlock_alone_is_not_a_lock_in() {
    let v = score("akun sy 🔒 private ya min, mau tanya jam buka KBRI");
    assert!(!why(&v).contains("dikunci"), "{}", why(&v));
    let v = score("🇶🇦🔒 😭");
    assert!(why(&v).contains("🔒 → dikunci"), "{}", why(&v));
}

#[test]
fn chinese_and_japanese_terms_match_without_spaces() {
    let v = score("我是印尼家庭帮佣，雇主每天打我，还把我关在房间里，不给饭吃");
    assert_eq!(v.priority, Priority::P1, "{}", why(&v));
    assert!(why(&v).contains("关在"), "{}", why(&v));

    let v = score("地震で寮が倒壊しました。インドネシア人3人が中に閉じ込められています");
    assert_eq!(
        (v.priority, v.category.as_str()),
        (Priority::P1, "crisis"),
        "{}",
        why(&v)
    );

    let v = score("请问在台北的印尼办事处护照延期需要什么资料？");
    assert_eq!(v.priority, Priority::P4, "{}", why(&v));

    let v = score("她没有被打，只是工资晚了");
    assert!(!why(&v).contains("被打"), "negated: {}", why(&v));
}

#[test]
fn arabic_reads_through_joined_letters_and_harakat() {
    let v = score("وَيَضْرِبُنِي كل يوم");
    assert_eq!(
        (v.priority, v.category.as_str()),
        (Priority::P1, "violence"),
        "{}",
        why(&v)
    );
    assert!(why(&v).contains("ويضربني → يضربني"), "{}", why(&v));
}

#[test]
fn more_negation_and_hedging_forms() {
    let v = score("alhamdulillah he didn't hit me, just shouting");
    assert!(!why(&v).contains("hit me"), "{}", why(&v));
    let v = score("seandainya nanti sy dipukul majikan, lapor ke mana?");
    assert_ne!(v.priority, Priority::P1, "{}", why(&v));
    let v = score("just in case my employer locked me in, who do I call?");
    assert_ne!(v.priority, Priority::P1, "{}", why(&v));
}
