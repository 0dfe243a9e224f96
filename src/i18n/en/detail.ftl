# detail: see docs/glossary.md

## The detail's head: who wrote, where, when, and why it sits where it sits.
detail-none = No inquiry selected.
detail-channel-public = public mention
detail-channel-private = private message
detail-claimed-ago = claimed by { $who } { $when }
detail-claimed = claimed by { $who }
detail-unclaimed = unclaimed
detail-erased-author = (erased)
detail-from = From
detail-where = Where
detail-where-value = { $channel } · { $source } · lang { $lang }
detail-received = Received
detail-why = Why
detail-tags = Tags
detail-set-by-hand = Set by hand
detail-set-priority = priority by { $who }
detail-set-category = category by { $who }
detail-snoozed-until = Snoozed until
detail-same-author = Same author: { $count } more open ({ $ids })
detail-on-it = On it now: { $who }
activity-viewing = viewing
activity-replying = writing a reply
activity-escalating = escalating

## The text, its follow-ups, the notes and the history.
detail-followup = ── follow-up, { $when } ──
detail-notes = Notes (internal)
detail-escalations = Escalations
detail-replies = Replies
detail-history = History
detail-loading = loading…
history-removed = removed { $value }

## Why the text is masked or hidden (after "v: " the key).
privacy-legal-hold = legal hold ({ $reason })
privacy-erased = personal data erased { $date } ({ $why })
privacy-restricted = restricted at the person's request ({ $reason }): no reply, no escalation
privacy-deleted = deleted on the platform { $at }
privacy-reveal = reveal (recorded)
privacy-revealed = revealed (recorded)
privacy-mask = mask

## The escalations and their deliveries.
detail-escalation = { $id } { $mission } { $severity } by { $officer } { $when } · { $status }
detail-acked = acknowledged by { $by }{ $how } { $when }
detail-overdue-since = OVERDUE since { $time }
detail-ack-due = ack due { $time }
delivery-state = { $route }{ $purpose } { $state }
delivery-made = { $route }{ $purpose } made by the officer
purpose-default-desk = default desk
purpose-supervisor = supervisor
purpose-addition = addition
route-email = e-mail
route-webhook = webhook
route-phone = phone
route-whatsapp = WhatsApp

## The replies: state and channel.
detail-reply = { $id } { $state } { $channel } by { $officer } { $when }
send-state-pending = pending
send-state-sending = sending
send-state-unknown = unknown
send-state-sent = sent
send-state-failed = failed
send-state-cancelled = cancelled
channel-public = public
channel-private = private

## What stands in for a hidden text, and a reply in one line (lists).
mask-erased = [text erased]
mask-restricted = [text restricted at the person's request]
mask-deleted = [text deleted on the platform by its author]
reply-summary = { $id } { $state } { $channel } by { $officer }
detail-learned = Learned
detail-learned-value = { $suggestion } — from: { $words }
