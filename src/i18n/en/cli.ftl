# cli: see docs/glossary.md

## The shift handover digest (`siaga shift`, and `H` in the desk).
shift-heading = Shift handover: { $officer } at { $time }
shift-none = none
shift-held = Held open ({ $count })
shift-escalations = Escalations awaiting acknowledgement ({ $count })
shift-overdue = **OVERDUE**
shift-escalation = { $id } #{ $inquiry } to { $mission } ({ $severity }), due { $due }{ $overdue }: { $summary }
shift-replies = Replies pending or failed ({ $count })
shift-snoozed = Promised call-backs (snoozed, { $count })
shift-snoozed-until = until { $until }: { $line }
shift-notes = Notes ({ $count })
shift-accept-hint = The incoming officer takes over with `siaga shift accept { $officer }`.
shift-not-taken = #{ $id } not taken: { $why }

## `siaga list`, `show`, `claim`, `assign`, `close`, `tag`.
cli-no-view = no view named `{ $name }`; views are { $views }
cli-no-match = no match for "{ $query }"
show-from = From: { $name } (@{ $handle })
show-source = Source: { $source } id { $id }
show-created = Created: { $time }
show-claimed-by = Claimed by: { $officer }
show-tags = Tags: { $tags }
show-why = Why: { $reasons }
show-legal-hold = Legal hold: { $reason } (by { $officer })
show-restricted = Restricted at the person's request: { $reason }
show-deleted = Deleted on the platform (noticed { $time })
show-erased = Personal data erased { $time } by { $officer }: { $why }
show-history = History:
applied-claimed-by = claimed by { $officer }
tags-now = #{ $id } tags: { $tags }

## `siaga reply` and `siaga outbox`.
cli-outbox-daemon-sends = siaga serve sends the outbox itself; here is where it stands:
cli-cannot-send = { $source }: cannot send: { $why }
cli-no-template = no template named `{ $name }`; templates: { $names }
cli-not-queued = not queued: { $problem }
cli-reply-queued = { $id } queued for #{ $inquiry } ({ $channel } { $lang }, { $count } characters)
cli-daemon-keeps-sending = the daemon keeps sending it; `siaga outbox` shows where it stands
cli-outbox-nothing-due = nothing due in the outbox
cli-outbox-not-yet-sent = Not yet sent ({ $count }):
cli-outbox-latest = Latest sent or cancelled ({ $count }):
cli-outbox-send-now = run `siaga outbox send` to send it now

## `siaga escalate`, `siaga ack`, `siaga escalations`.
cli-escalations-daemon-delivers = siaga serve delivers escalations itself; here is where they stand:
cli-no-place-named = no place is named in #{ $id }; pass --mission CODE
cli-mission-suggested = mission: { $mission } (suggested: { $reason })
cli-escalation-recorded = { $id } to { $mission } recorded for #{ $inquiry } ({ $severity }, acknowledgement due { $due })
cli-acknowledged-by = acknowledged by { $who }
cli-ack-due = ack due { $due }
cli-no-escalation-open = no escalation is open
cli-escalations-open = Open ({ $count }):

## `siaga config check`.
cli-config-problems = { $count } problem(s) found
cli-config-defaults-only = built-in defaults only
cli-config-ok = config ok ({ $from }); { $count } source(s)
cli-sources-not-confirmed = { $count } source(s) not confirmed
cli-config-refused = the config has problems:
cli-config-refused-hint = Run `siaga config check` after fixing them.
