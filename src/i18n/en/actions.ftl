# actions: see docs/glossary.md

## How many a picker or an input is for, in its title: "(3 inquiries)".
inquiries-one = { $count } inquiry
inquiries-many = { $count } inquiries

## Picker and input titles.
picker-close = Close: why? ({ $inquiries })
picker-snooze = Snooze for how long? ({ $inquiries })
picker-priority = Priority ({ $inquiries })
picker-category = Category ({ $inquiries })
picker-tags = Tags: Enter toggles ({ $inquiries })
input-note = Internal note, never posted ({ $inquiries })
confirm-assign = Give { $inquiries } to { $to }? (y/n)
input-assign = Give to (a colleague's login; { $inquiries })
input-handover = Take over every claim of (the outgoing officer's login)

## What the picker, the question and the input say under their text.
picker-new = + new: { $name }
picker-keys = Enter: choose · Esc: close
confirm-title = Confirm
input-keys = Enter: save · Esc: cancel

## A claim held by a colleague: the take-over question ($age: "5m").
take-over = Inquiry { $id } is claimed by { $holder }. Take it over? (y/n)
take-over-since = Inquiry { $id } is claimed by { $holder } { $age } ago. Take it over? (y/n)
take-over-just-now = Inquiry { $id } was claimed by { $holder } just now. Take it over? (y/n)

## What a change did, in the status bar: "closed: 6" (and the refusals).
done-claim = claimed: { $count }
done-release = released: { $count }
done-close = closed: { $count }
done-reopen = reopened: { $count }
done-tag = tagged: { $count }
done-untag = untagged: { $count }
done-note = noted: { $count }
done-priority = priority set: { $count }
done-accept-learned = suggestion accepted: { $count }
done-category = category set: { $count }
done-snooze = snoozed: { $count }
done-wake = woken: { $count }
done-restore = undone: { $count }
done-assign = assigned: { $count }
done-handover = taken over: { $count }
done-reveal = revealed: { $count }
done-hold = put on legal hold: { $count }
done-release-hold = released from hold: { $count }
done-restrict = restricted: { $count }
done-unrestrict = unrestricted: { $count }
done-deleted = marked deleted: { $count }
done-export = exported: { $count }

## Refused, after "closed: 5; " ($why: the store's own words).
refused-claimed = { $count } refused (claimed by { $holder })
refused-other = { $count } refused ({ $why })

## Undo: "undone: 6 closed".
undo-nothing = nothing to undo
undone-claim = undone: { $count } claimed
undone-release = undone: { $count } released
undone-close = undone: { $count } closed
undone-reopen = undone: { $count } reopened
undone-tag = undone: { $count } tagged
undone-untag = undone: { $count } untagged
undone-note = undone: { $count } noted
undone-priority = undone: { $count } priority set
undone-accept-learned = undone: { $count } suggestion accepted
undone-category = undone: { $count } category set
undone-snooze = undone: { $count } snoozed
undone-wake = undone: { $count } woken
undone-restore = undone: { $count } undone
undone-assign = undone: { $count } assigned
undone-handover = undone: { $count } taken over
undone-reveal = undone: { $count } revealed
undone-hold = undone: { $count } put on legal hold
undone-release-hold = undone: { $count } released from hold
undone-restrict = undone: { $count } restricted
undone-unrestrict = undone: { $count } unrestricted
undone-deleted = undone: { $count } marked deleted
undone-export = undone: { $count } exported
undone-other = undone: { $count } { $what }

## Showing masked numbers and hidden text (`v`).
reveal-masked-again = masked again
reveal-erased = inquiry { $id } was erased; nothing to reveal

## Quitting with typed text not sent.
quit-unsent-reply = your reply to #{ $id } is not sent; its draft is kept: C-c again quits, Esc goes back to it
quit-unsent-input = what you typed is not saved: C-c again quits and loses it, Esc goes back to it
quit-unsent-escalation = your escalation of #{ $id } is not sent; its draft is kept: C-c again quits, Esc goes back to it

## A P1 arrived ($ids: "#901 #903").
p1-arrived = New P1: { $ids }
p1-arrived-more = New P1: { $ids } and { $more } more

## A shift handover accepted in the desk (`H`, then `A`).
handover-took-over-one = took over { $count } inquiry from { $from }
handover-took-over = took over { $count } inquiries from { $from }
handover-not-taken = { $count } not taken (held by others now)

## $EDITOR for a reply ($error, $status: the system's own words).
editor-cannot-run = cannot run `{ $editor }`: { $error }
editor-exited = `{ $editor }` exited with { $status }; the reply is unchanged
group-picker-title = Answer { $group } (×{ $size }) with
group-checking = { $group }: asking the desk who would be answered…
group-nobody-to-answer = { $group }: nobody to answer ({ $held } held back for your own look, { $skipped } answered, closed or withheld)
group-confirm = Answer { $queued } of { $members } with { $template }? { $held } held back for your own look { $who } (y/n)
group-answered = { $group } answered: { $sent } sent, { $failed } failed; { $held } held back for your own look { $who }
group-progress = { $group } ↑ sent { $sent } · failed { $failed } · queued { $queued } of { $of }
group-escalate-title = Escalate { $group } (×{ $size }) to
group-escalate-confirm = Escalate { $group } (×{ $size }) to { $mission } as one escalation with its roster? Who joins later goes as an addition (y/n)
group-escalated = { $group } escalated to { $mission } as { $escalation }: { $rows } on its roster
group-open-first = “{ $what }” is for one inquiry: open { $group } (Enter) and choose a member
group-changed = { $group }, { $members } members: { $done }
refused-restricted = inquiry { $id } is restricted at the person's request (by { $by } on { $on }: { $reason }); it cannot be { $verb ->
        [answered] answered
        [escalated] escalated
        [sent] sent
        [delivered] delivered
       *[other] { $verb }
    }
refused-erased = inquiry { $id } was erased; it cannot be { $verb ->
        [answered] answered
        [escalated] escalated
        [sent] sent
        [delivered] delivered
       *[other] { $verb }
    }
refused-reply-claimed = inquiry { $id } is claimed by { $holder }{ $since }; only they may reply (take it over first)
refused-answered-since = inquiry { $id } was already answered by { $by } at { $at } ({ $reply }) since you opened it; nothing queued
refused-closed-reopen = inquiry { $id } is closed; reopen it first
refused-release-claimed = inquiry { $id } is claimed by { $holder }; only they can release it (or take it over)
refused-close-reason = closing needs a reason
refused-snooze-past = a snooze must end in the future
refused-closed = inquiry { $id } is closed
refused-assign-whom = assign to whom?
refused-changed-since = inquiry { $id } was changed since (by someone else or by the fetcher); nothing undone
refused-say-why = say why (a reason is recorded)
refused-retry-not-failed = reply { $reply } is { $state }; only a failed reply can be retried
refused-reply-already = reply { $reply } is already { $state }
refused-reply-sending = reply { $reply } is being sent right now; wait for the outcome
refused-no-group = there is no group { $group }
refused-no-template = no template named `{ $name }`
refused-group-nobody = { $group } has nobody to escalate
refused-group-no-mission = { $group } names no mission: choose one (--mission)
refused-group-escalated = { $group } is already escalated to { $mission } as { $escalation }; members who join are sent as additions
refused-kept-legal-hold = inquiry { $id } is kept: on legal hold since { $since } by { $by }: { $reason }
refused-kept-reply = inquiry { $id } is kept: a reply is still being sent; wait for it or cancel it
refused-kept-escalation = inquiry { $id } is kept: an escalation is still being delivered; wait for it
kept-legal-hold = on legal hold since { $since } by { $by }: { $reason }
kept-reply = a reply is still being sent; wait for it or cancel it
kept-escalation = an escalation is still being delivered; wait for it
refused-no-officer = no officer named { $name }: not a login on this host, nor in [daemon] officers or supervisors
refused-nothing-to-acknowledge = inquiry { $id } has no escalation awaiting acknowledgement
refused-no-longer-held = inquiry { $id } is no longer held by { $from } (now: { $now })
refused-hold-erased = inquiry { $id } was already erased; nothing left to hold
refused-say-why-hold-ends = say why the hold ends
refused-say-why-restriction-ends = say why the restriction ends
refused-not-on-hold = inquiry { $id } is not on legal hold
refused-daemon-gone = the connection to siaga serve was lost; restart siaga to reconnect
refused-ack-who = say who at the mission confirmed (a name)
refused-already-acknowledged = { $escalation } is already acknowledged
refused-post-deleted = inquiry { $id }'s post was deleted on the platform; a public reply cannot thread to it (answer privately)
refused-give-handle = give a handle (such as @budi)
refused-say-how-request = say how the request came (it is recorded)
refused-join-itself = { $group } cannot be joined to itself
refused-in-no-group = inquiry { $id } is in no group

# The desk's refusals around a rule of its own: a sentence inside (why).
refused-not-queued = not queued: { $why }
refused-not-escalated = not escalated: { $why }
refused-not-kept = not kept: { $why }
refused-no-template-known = no template named { $name }; known: { $known }
refused-group-answer-too-many = a group answer names at most { $max } members
refused-draft-erased = inquiry { $id } is erased: no draft is kept for it
refused-no-reply = reply { $n } does not exist
refused-no-escalation = escalation { $n } does not exist
refused-crisis-open = crisis { $name } is already open (opened by { $by } at { $at })
refused-crisis-was-closed = crisis { $name } was closed at { $at }; open it under a new name (such as { $name }-2)
refused-no-crisis = no crisis named { $name }
refused-crisis-closed = crisis { $name } is already closed (at { $at })
refused-daemon-fetches = the daemon's own fetchers store new inquiries; run `siaga ingest` where no daemon runs
refused-request-too-large = the request is larger than { $max } bytes
limit-too-long =
    { $what ->
        [tag] a tag
        [note] a note
        [reason] the reason
        [category] a category
        [officer] an officer's name
        [revealed] what was revealed
        [exported] how it was exported
        [draft-text] a draft's text
        [template] a template's name
        [mission] a mission's code
        [draft-summary] a draft's summary
        [draft-note] a draft's note
        [reached] who was reached
        [ack-by] who acknowledged
        [ack-how] how it was acknowledged
       *[search] the search
    } is longer than { $max } characters
limit-tags = an inquiry carries at most { $max } tags
limit-tags-remove-one = an inquiry carries at most { $max } tags; remove one first

# The records steward's rules.
refused-supervisor-only = only a supervisor may { $what }
supervisor-may-erase = erase a person's data
supervisor-may-restrict = restrict or lift the processing of a person's data
supervisor-may-purge = purge (try --dry-run)
supervisor-may-export = export unredacted
supervisor-may-backup = make a backup
supervisor-may-repair = repair the store (run without --repair to look)
refused-backup-absolute = give the backup an absolute path (got { $path })
refused-say-how-request-example = say how the request came (e.g. "e-mail of 2026-11-20, ref 123"); it is recorded

# The store's files: restore, salvage, the history's seal.
refused-restore-over-store = { $dir } already holds a store; add --replace to move it aside (it is kept)
refused-salvage-over-store = { $dir } already holds a store; salvage into a new directory
refused-no-store-at = there is no store at { $dir }
refused-chain-gone = the history chain of { $store } is gone while { $linked } events carry links: nothing was re-linked. Restore the store from a backup (with its chain.key), or run `siaga audit reseal` to start the tamper evidence again from what the store holds now (logged).
refused-seal-key-missing = the history of { $store } is sealed but its key { $key } is missing. Put back the chain.key it was sealed with, or run `siaga audit reseal` (logged).
refused-seal-lost = the history of { $store } has a key but its head lost its seal. Restore the store from a backup (with its chain.key), or run `siaga audit reseal` to start the tamper evidence again from what the store holds now (logged).
refused-seal-key-not-file = the history's seal key { $key } is not a plain file
refused-seal-key-readable = the history's seal key { $key } may be read by others: chmod 600 it
refused-seal-key-size = the history's seal key { $key } is not 32 bytes: it is not a siaga seal key
refused-seal-key-absent = the history's seal key { $key } does not exist
refused-no-randomness = no randomness: { $why }

# The daemon's table of who may do what (`not allowed: ...`).
refused-not-allowed = not allowed: { $why }
forbidden-fetchers-only = only the daemon's own fetchers store new inquiries
forbidden-consular-scope = consular staff see and acknowledge what was escalated to their mission
forbidden-desk-records-itself = the desk records that itself
forbidden-supervisor-assigns = only a supervisor reassigns claims
forbidden-supervisor-holds = only a supervisor releases a legal hold or restricts processing
forbidden-undo-claim = an undo may give the inquiry back only to whoever held it before your own last change
forbidden-not-their-inquiry = this inquiry was not escalated to your mission
forbidden-nothing-to-acknowledge = no escalation to your mission awaits acknowledgement here
forbidden-unknown = the desk does not know this request
refused-train-too-few = only { $examples } decisions recorded; the learned model needs at least { $needed } (inquiries officers replied to, escalated, closed or corrected)
refused-no-learned = inquiry { $id } has no suggestion from the learned model (`siaga triage train` trains it; it suggests for what arrives after)

## The default config's close reasons, as the close picker shows them
close-reason-answered = answered
close-reason-referred-to-the-mission = referred to the mission
close-reason-handled-by-phone = handled by phone
close-reason-not-a-protection-case = not a protection case
close-reason-duplicate = duplicate
close-reason-spam = spam
close-reason-no-reply-from-the-citizen = no reply from the citizen
