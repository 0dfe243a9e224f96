//! Status and priority codes round trips, what a deleted or restricted inquiry shows, and inquiry ids as typed.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in its parent).

use super::*;

#[test]
fn status_codes_round_trip() {
    for s in Status::ALL {
        assert_eq!(Status::from_code(s.code()), Some(s));
        assert_eq!(s.as_str().parse::<Status>(), Ok(s));
    }
    assert_eq!(Status::from_code(0), None);
}

#[test]
fn priority_ranks_round_trip_and_order() {
    for p in Priority::ALL {
        assert_eq!(Priority::from_rank(p.rank()), Some(p));
    }
    assert!(Priority::P1 < Priority::P4);
    assert_eq!("p2".parse::<Priority>(), Ok(Priority::P2));
    assert!("P5".parse::<Priority>().is_err());
}

fn inquiry() -> Inquiry {
    let a = Arrival {
        external_id: "1".into(),
        conversation_id: None,
        in_reply_to: None,
        author: Author::default(),
        channel: Channel::Public,
        text: "tolong".into(),
        created_at: Timestamp::UNIX_EPOCH,
        lang: None,
        priority: Priority::P2,
        category: "labour".into(),
        reasons: vec![],
    };
    Inquiry::from_arrival(InquiryId(1), "x", a, Timestamp::UNIX_EPOCH)
}

#[test]
fn a_deleted_post_is_hidden_unless_it_was_escalated_and_restriction_always_hides() {
    let mut inq = inquiry();
    assert_eq!(inq.text_hidden(), None);
    inq.deleted_on_platform = Some(Timestamp::UNIX_EPOCH);
    assert!(inq.text_hidden().unwrap().contains("deleted"));
    inq.escalations.push(escalation::EscalationBrief {
        id: escalation::EscalationId(1),
        mission: "riyadh".into(),
        mission_name: "KBRI Riyadh".into(),
        severity: Priority::P1,
        delivery: escalation::DeliveryState::Sent,
        deadline: Timestamp::UNIX_EPOCH,
        acked: false,
        overdue: false,
    });
    assert_eq!(inq.text_hidden(), None, "the mission's copy is the record");
    inq.restricted = Some(Mark {
        at: Timestamp::UNIX_EPOCH,
        by: "sup".into(),
        reason: "request".into(),
    });
    assert!(inq.text_hidden().unwrap().contains("restricted"));
}

#[test]
fn inquiry_id_accepts_hash_prefix() {
    assert_eq!("#42".parse::<InquiryId>(), Ok(InquiryId(42)));
    assert!("abc".parse::<InquiryId>().is_err());
}
