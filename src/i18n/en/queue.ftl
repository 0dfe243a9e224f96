# siaga's words in English. Message ids are stable; the Indonesian catalog
# (id/) has the same ids with the same placeholders (tests/suite/catalog.rs).
# Terms: docs/glossary.md.

## Commands: what the help overlay says each does (cmd-*), and the
## word or two the hint bar shows (hint-*).
cmd-down = next inquiry
cmd-up = previous inquiry
cmd-top = first inquiry (most urgent)
cmd-bottom = last inquiry loaded
cmd-page-down = one screen down
cmd-page-up = one screen up
cmd-open = open the inquiry: full text and history
cmd-scroll-down = scroll down
cmd-scroll-up = scroll up
cmd-next = open the next inquiry
cmd-prev = open the previous inquiry
cmd-next-view = next view (tab)
cmd-prev-view = previous view
cmd-search = search this view (tag: status: prio: cat: lang: source: from:)
cmd-mark = mark for a bulk action, and move on
cmd-tag = tag (marked inquiries, or this one)
cmd-claim = claim for yourself
cmd-close = close with a reason
cmd-snooze = snooze until later
cmd-note = add an internal note (never posted)
cmd-priority = set the priority yourself
cmd-accept-learned = take the learned model's suggestion (priority, category, tags)
cmd-category = set the category yourself
cmd-undo = undo your last change
cmd-back = back (from a search, the detail, help); in a reply or escalation: discard it
cmd-help = this help
cmd-quit = quit siaga
cmd-reply = reply with a template (picked by typing part of its name)
cmd-reply-in-editor = reply with a template, written in $EDITOR
cmd-send = send the reply or the escalation (through the outbox)
cmd-switch-lang = switch the template's language (Indonesian, English)
cmd-toggle-channel = switch between a public reply and a private message
cmd-external-editor = edit the reply in $EDITOR
cmd-retry-reply = send this inquiry's failed reply again
cmd-cancel-reply = withdraw this inquiry's unsent reply
cmd-escalate = escalate to a mission (KBRI/KJRI), suggested from the places named
cmd-acknowledge = record that the mission acknowledged the escalation (who, how)
cmd-next-field = move between the summary and the note
cmd-shift = shift handover: what you hold, pending replies, escalations awaiting acknowledgement
cmd-assign = give to a colleague (through a daemon: supervisors only; recorded)
cmd-reveal = show masked numbers and hidden text of this inquiry (recorded in its history); again to mask
cmd-expand = open a group's row in place to its members
cmd-collapse = fold an open group back into its row
cmd-open-crisis = open a crisis: the banner's suggestion, or typed as its name then its places, comma-separated
cmd-close-crisis = close the crisis of the selected crisis tab (asks y/n; its tags stay)
cmd-dismiss-suggestion = dismiss the banner's crisis suggestion
cmd-accept-shift = take over every claim of the outgoing officer (recorded)
cmd-severity = change the escalation's severity (P1 to P4)
cmd-via = how the mission is reached: sent by siaga, or a call or WhatsApp you made (recorded)

hint-down = next
hint-up = previous
hint-top = top
hint-bottom = bottom
hint-page-down = page down
hint-page-up = page up
hint-open = open
hint-scroll-down = scroll
hint-scroll-up = scroll up
hint-next = next
hint-prev = previous
hint-next-view = next view
hint-prev-view = prev view
hint-search = search
hint-mark = mark
hint-tag = tag
hint-claim = claim
hint-close = close
hint-snooze = snooze
hint-note = note
hint-priority = priority
hint-accept-learned = suggestion
hint-category = category
hint-undo = undo
hint-back = back
hint-help = help
hint-quit = quit
hint-reply = reply
hint-reply-in-editor = reply in editor
hint-send = send
hint-switch-lang = language
hint-toggle-channel = public/private
hint-external-editor = editor
hint-retry-reply = retry reply
hint-cancel-reply = cancel reply
hint-escalate = escalate
hint-acknowledge = acknowledge
hint-next-field = next field
hint-shift = shift
hint-assign = assign
hint-reveal = reveal
hint-expand = open group
hint-collapse = fold group
hint-open-crisis = open a crisis
hint-close-crisis = close crisis
hint-dismiss-suggestion = dismiss
hint-accept-shift = accept shift
hint-severity = severity
hint-via = phoned/WA

## The header and the status bar.
marked-count = { $count } marked
status-new = new
status-claimed = claimed
status-replied = replied
status-escalated = escalated
status-snoozed = snoozed
status-closed = closed
outbox = outbox { $parts }
outbox-sending = { $count } sending
outbox-failed = { $count } FAILED
no-sources = no sources
health-starting = starting
health-ok = ok { $time }
health-waiting = rate limit until { $time }
health-failing = failing: { $reason }
health-failing-since = failing: { $reason }, last ok { $time }
health-brief = sources: { $ok }/{ $all } ok
health-brief-trouble = sources: { $ok }/{ $all } ok, check { $names }
health-check = check { $names }
health-stopped = stopped: { $reason }

## The views of the default config, shown in the officer's language; a
## view named otherwise is shown as named.
view-inbox = Inbox
view-mine = Mine
view-private = Private
view-escalated = Escalated
view-snoozed = Snoozed
view-closed = Closed
view-all = All
## A narrow tab (under 100 columns): at most five letters.
view-short-inbox = Inbo
view-short-mine = Mine
view-short-private = Priv
view-short-escalated = Esca
view-short-snoozed = Snoo
view-short-closed = Clos
view-short-all = All

## Search.
search-running = searching…
search-empty = type to search; Esc: back
search-found = { $count } found · Esc: back

## The list.
queue-loading = Loading…
queue-no-match = No match for “{ $query }”.
queue-empty = Nothing here: the queue is empty.
queue-no-sources = No sources are configured, so nothing will arrive. `siaga demo` shows the desk with a built-in feed (no account needed); `siaga config default` prints a config to start from: add a [[sources]] table to your config file (`siaga --help` names where it is read from).
queue-no-sources-at = No sources are configured, so nothing will arrive. `siaga demo` shows the desk with a built-in feed (no account needed); `siaga config default` prints a config to start from: add a [[sources]] table to your config file, { $path }
new-above = ▲ { $count } new above
new-above-p1 = , { $count } P1
new-above-top = · { $key } to the top
row-draft = [draft]
escalation-acked = acked
escalation-overdue = OVERDUE
escalation-failed = FAILED
escalation-sent = sent
escalation-sending = sending
escalation-ack-due = { $delivery } · ack { $time }

## Ages: in the list, as short as can be; in sentences, words.
age-now = now
age-minutes = { $n }m
age-hours = { $n }h
age-days = { $n }d
ago-now = just now
ago-minutes = { $n }m ago
ago-hours = { $n }h ago
ago-days = { $n }d ago

## Help and the shift screen.
mode-queue = queue
mode-detail = detail
help-keys = Keys ({ $mode })
help-rebind = Rebind keys in [keys.*] of your config file.
help-title = help · j/k scroll · Esc closes
shift-loading = loading the handover digest…
shift-title = shift handover · j/k scroll · a take over a colleague's claims · Esc back
queue-group-row = ×{ $size } { $label } · { $open } open

## A crisis on the desk (#16): its tab's line, the surge banner, and
## what opening or closing one says.
crisis-header = { $name } { $spark } { $count } · { $last_hour } in the last hour
crisis-banner = Arrivals naming { $place } surge: { $count } in the last hour, usually { $usual }/h
crisis-banner-short = { $place } surges: { $count } in the last hour, usually { $usual }/h
input-open-crisis = Open a crisis: name, places (a, b), optional --keywords k, l --template T
crisis-opening = opening crisis { $name }…
crisis-opened = crisis { $name } opened: { $count } inquiries tagged, and each matching arrival from now on
crisis-closed = crisis { $name } closed: arrivals are no longer tagged ({ $count } keep the tag)
crisis-refused = the desk refused: { $why }
crisis-unknown-flag = { $flag } is not a crisis option: --keywords and --template are
crisis-spec-no-name = a crisis needs a name (letters, digits and '-', such as sudan-2026)
crisis-spec-name-too-long = crisis name { $shown }... is too long: at most { $max } characters
crisis-spec-name-not-slug = crisis name { $shown } may hold only letters, digits and '-' (not { $bad })
crisis-spec-too-many-terms = a crisis names at most { $max } of each { $what }
crisis-spec-term-too-long = the { $what } { $shown }... is too long: at most { $max } characters
crisis-spec-no-terms = a crisis needs at least one place or keyword
crisis-close-which = select a crisis's tab to close its crisis
confirm-close-crisis = Close crisis { $name }? Arrivals are no longer tagged. (y/n)
crisis-nothing-to-dismiss = no crisis is suggested

# A search's filters typed wrong (`status:`, `prio:`).
search-unknown-status = unknown status `{ $value }`; expected one of new, claimed, replied, escalated, snoozed, closed
search-unknown-priority = unknown priority `{ $value }`; expected P1, P2, P3 or P4
