//! What the desk says after an action, in pickers, questions and inputs,
//! in Bahasa Indonesia (#15): the status-bar messages, confirmations and
//! refusals, beside the English ones of `ui_update` and `ui_triage_update`.
