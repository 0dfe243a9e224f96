//! Notifications, the token's account, content warnings and deletions read from a Mastodon instance's answers.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in its parent).

use super::*;

#[test]
fn null_status_is_counted_and_skipped() {
    let body = br#"[{"id":"30","type":"mention","status":null},
        {"id":"29","type":"mention","status":{"id":"1","visibility":"direct","content":"<p>tolong</p>","mentions":[],"account":{"id":"5","acct":"siti@mastodon.social","display_name":"Siti"}}}]"#;
    let page = parse_notifications(body, "99").unwrap();
    assert_eq!(page.skipped, 1);
    assert_eq!(page.posts.len(), 1);
    assert_eq!(page.posts[0].channel, Channel::Private);
    assert_eq!(page.posts[0].author.handle, "siti@mastodon.social");
    assert_eq!(page.newest_id.as_deref(), Some("30"));
}

#[test]
fn an_error_body_is_malformed_not_a_crash() {
    assert!(matches!(
        parse_notifications(br#"{"error":"Diese Methode erfordert ein Token"}"#, "1"),
        Err(SourceError::Malformed(_))
    ));
}

#[test]
fn verify_credentials_names_the_account_with_its_instance() {
    let body = br#"{"id":"117020565966271181","username":"mastodonpy_test","acct":"mastodonpy_test","display_name":""}"#;
    let local = parse_verify_credentials(body, Some("kemlu.social")).unwrap();
    assert_eq!(local.id, "117020565966271181");
    assert_eq!(local.handle, "mastodonpy_test@kemlu.social");
    let remote = br#"{"id":"5","acct":"siti@mastodon.social"}"#;
    let remote = parse_verify_credentials(remote, Some("kemlu.social")).unwrap();
    assert_eq!(remote.handle, "siti@mastodon.social");
}

#[test]
fn a_verify_credentials_answer_without_a_real_id_is_malformed() {
    for body in [
        &br#"{"error":"The access token is invalid"}"#[..],
        br#"{"id":117020565966271181,"acct":"a"}"#,
        br#"{"id":"abc-def","acct":"a"}"#,
        br#"[{"id":"1"}]"#,
        b"<html>login</html>",
    ] {
        assert!(
            matches!(
                parse_verify_credentials(body, None),
                Err(SourceError::Malformed(_))
            ),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn a_content_warning_over_no_content_leaves_no_blank_lines() {
    // Found by fuzzing (fuzz/regressions/mastodon_notifications/).
    let body = br#"[{"id":"9","type":"mention","status":{"id":"4","spoiler_text":" CW\n\n\n\nsatu ","content":"","account":{"id":"3"}}},
        {"id":"8","type":"mention","status":{"id":"5","spoiler_text":"CW","content":"<p>isi</p>","account":{"id":"3"}}}]"#;
    let page = parse_notifications(body, "1").unwrap();
    assert_eq!(page.posts[0].text, "CW: CW\n\nsatu");
    assert_eq!(page.posts[1].text, "CW: CW\n\nisi");
}

#[test]
fn a_status_is_gone_on_mastodons_own_404_or_410() {
    let gone = |code: u16, body: &[u8]| {
        parse_status_gone(StatusCode::from_u16(code).unwrap(), body, "7", None)
    };
    assert_eq!(gone(404, br#"{"error":"Record not found"}"#), Ok(true));
    assert_eq!(gone(404, br#"{"error":"Not Found"}"#), Ok(true));
    assert_eq!(gone(410, br#"{"error":"Gone"}"#), Ok(true));
    assert_eq!(gone(200, br#"{"id":"7","content":"<p>x</p>"}"#), Ok(false));
    // Not Mastodon's 404: a wrong base URL must not hide every text.
    assert!(matches!(
        gone(404, b"<html>Not Found</html>"),
        Err(SourceError::Unexpected { status: 404, .. })
    ));
    assert!(matches!(
        gone(200, b"<html>login</html>"),
        Err(SourceError::Malformed(_))
    ));
    assert!(matches!(
        gone(200, br#"{"id":"8"}"#),
        Err(SourceError::Malformed(_))
    ));
    assert!(matches!(
        gone(429, br#"{"error":"Too many requests"}"#),
        Err(SourceError::RateLimited { .. })
    ));
    assert!(matches!(
        gone(401, br#"{"error":"The access token is invalid"}"#),
        Err(SourceError::Unauthorized { status: 401, .. })
    ));
    assert!(matches!(
        gone(503, b""),
        Err(SourceError::Server { status: 503, .. })
    ));
}
