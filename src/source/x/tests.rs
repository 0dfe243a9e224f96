//! Pages, messages, the token's account and deletions read from X's answers,
//! including its odd and hostile ones.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in mod.rs).

use super::*;
use crate::source::compare_ids;

#[test]
fn empty_page_has_no_data_key() {
    let page = parse_mentions(br#"{"meta":{"result_count":0}}"#).unwrap();
    assert!(page.posts.is_empty());
    assert_eq!(page.next_token, None);
}

#[test]
fn keeps_good_items_beside_errors_and_drops_retweets() {
    let body = br#"{"data":[{"id":"1861000000000000001","text":"tolong","author_id":"42","referenced_tweets":[{"type":"replied_to","id":"1"}]},
        {"id":"1861000000000000002","text":"RT @Kemlu_RI: info","referenced_tweets":[{"type":"retweeted","id":"9"}]}],
        "includes":{"users":[{"id":"42","username":"siti","name":"Siti"}]},
        "errors":[{"title":"Not Found Error","detail":"Could not find tweet"}],
        "meta":{"newest_id":"1861000000000000002","result_count":2}}"#;
    let page = parse_mentions(body).unwrap();
    assert_eq!(page.posts.len(), 1);
    assert_eq!(page.posts[0].author.handle, "siti");
    assert_eq!(page.skipped, 1);
    assert_eq!(page.errors, vec!["Not Found Error: Could not find tweet"]);
}

#[test]
fn post_text_is_unescaped_as_x_documents() {
    let body = br#"{"data":[{"id":"1861000000000000001","text":"gaji &amp; paspor &lt;ditahan&gt; &amp;lt; &quot; & &","author_id":"42"}],
        "meta":{"newest_id":"1861000000000000001","result_count":1}}"#;
    let page = parse_mentions(body).unwrap();
    assert_eq!(
        page.posts[0].text,
        "gaji & paspor <ditahan> &lt; &quot; & &"
    );
}

#[test]
fn dm_text_is_unescaped_too() {
    let body = br#"{"data":[{"id":"1861000000000000009","text":"A &amp; B","event_type":"MessageCreate","sender_id":"42","dm_conversation_id":"1-42"}],"meta":{"result_count":1}}"#;
    let page = parse_dm_events(body, "1").unwrap();
    assert_eq!(page.posts.len(), 1, "{page:?}");
    assert_eq!(page.posts[0].text, "A & B");
}

#[test]
fn me_names_the_tokens_account() {
    // As recorded (tests/data/x/test_client_get_me.decoded.json).
    let body =
        br#"{"data":{"id":"1072250532645998596","name":"Tweepy Testing","username":"TweepyDev"}}"#;
    let me = parse_me(body).unwrap();
    assert_eq!(
        (me.id.as_str(), me.handle.as_str()),
        ("1072250532645998596", "TweepyDev")
    );
    assert_eq!(me.to_string(), "@TweepyDev (id 1072250532645998596)");
}

#[test]
fn a_me_answer_without_a_real_id_is_malformed() {
    for body in [
        &br#"{"errors":[{"title":"Unauthorized"}]}"#[..],
        br#"{"data":{"id":1072250532645998596,"username":"a"}}"#,
        br#"{"data":{"id":"0123","username":"a"}}"#,
        br#"{"data":{"id":"99999999999999999999999","username":"a"}}"#,
        br#"{"data":{"id":"1","username":"a[2J"}}"#,
        b"<html>login</html>",
    ] {
        assert!(
            matches!(parse_me(body), Err(SourceError::Malformed(_))),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn ids_compare_as_numbers() {
    assert!(compare_ids("999", "1000").is_lt());
    assert!(compare_ids("1861000000000000002", "1861000000000000001").is_gt());
}

#[test]
fn html_error_page_is_malformed_not_a_crash() {
    assert!(matches!(
        parse_mentions(b"<html>502</html>"),
        Err(SourceError::Malformed(_))
    ));
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn gone_are_the_not_found_ones_asked_for() {
    // As X answers: the existing post in `data`, a deleted one as a
    // "Not Found Error", a suspended author's as an "Authorization
    // Error", and a not-found referenced tweet (not asked) beside.
    let body = br#"{"data":[{"edit_history_tweet_ids":["1861000000000000001"],"id":"1861000000000000001","text":"tolong"}],
        "errors":[
          {"value":"1861000000000000002","detail":"Could not find tweet with ids: [1861000000000000002].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"ids","resource_id":"1861000000000000002"},
          {"value":"1861000000000000003","detail":"Sorry, you are not authorized to see the Tweet with ids: [1861000000000000003].","type":"https://api.twitter.com/2/problems/not-authorized-for-resource","title":"Authorization Error","resource_type":"tweet","parameter":"ids","section":"data"},
          {"value":"999","detail":"Could not find tweet with ids: [999].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"referenced_tweets.id","section":"includes"},
          {"value":"1861000000000000004","detail":"Could not find tweet with ids: [1861000000000000004].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"ids"}
        ]}"#;
    let asked = ids(&[
        "1861000000000000001",
        "1861000000000000002",
        "1861000000000000003",
        "999",
    ]);
    assert_eq!(
        parse_gone(body, &asked).unwrap(),
        ids(&["1861000000000000002"])
    );
}

#[test]
fn all_gone_has_no_data_key() {
    let body = br#"{"errors":[{"value":"5","detail":"Could not find tweet with ids: [5].","type":"https://api.twitter.com/2/problems/resource-not-found","title":"Not Found Error","resource_type":"tweet","parameter":"ids","resource_id":"5"}]}"#;
    assert_eq!(parse_gone(body, &ids(&["5"])).unwrap(), ids(&["5"]));
}

#[test]
fn unknown_lookup_shapes_are_malformed() {
    for body in [
        &b"<html>502</html>"[..],
        br#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#,
        br#"[{"id":"5"}]"#,
        br#"{"data":{"id":"5"}}"#,
        b"",
    ] {
        assert!(
            matches!(
                parse_gone(body, &ids(&["5"])),
                Err(SourceError::Malformed(_))
            ),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}
