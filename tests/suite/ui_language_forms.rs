//! The detail, the compose screen and the escalation form in Bahasa
//! Indonesia (#15), at 80x24 and 120x40, beside the English ones of
//! `ui_snapshots`, `ui_reply_snapshots` and `ui_escalate_snapshots`.
