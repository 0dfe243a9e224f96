# help: `siaga --help`, each command's `--help` and `siaga help <command>`.
# English is clap's own text from the derive (src/cli/args.rs): these
# lines must stay equal to it (tests/suite/language_help.rs), so edit the
# doc comment first and copy it here. Ids: `help-<command path>-about`,
# `-long-about`, `-after`, and `help-<command path>-<argument>` (`-long`
# for an argument's long help); the root's have no command path.
# A line break is written {"\u000A"}.

## siaga
help-about = A terminal desk where duty officers triage citizen-protection inquiries from the ministry's social accounts
help-long-about = siaga: the duty officer's desk for citizen-protection inquiries.{"\u000A"}{"\u000A"}Fetches mentions and direct messages addressed to the ministry's accounts into a durable queue, most urgent first, for triage from the keyboard. Run without a command for the terminal UI; `siaga demo` needs no account.
help-after = Keys in the UI: j/k or arrows move, g/G top/bottom, PgUp/PgDn, Enter opens,{"\u000A"}Esc goes back, Tab next view, / search, Space mark, c claim, t tag, x close,{"\u000A"}s snooze, n note, p/C priority/category, u undo, r reply (E: in $EDITOR),{"\u000A"}e escalate to a mission, A record its acknowledgement, H shift handover,{"\u000A"}? shows every binding, q quits. Writing a reply: C-s send, C-t public or{"\u000A"}private, C-l language, C-x $EDITOR, Esc discard. Escalating: Tab summary or{"\u000A"}note, C-p severity, C-s send. In the detail: R retries a failed reply, X{"\u000A"}cancels an unsent one. Rebind keys in [keys.*] of your config.{"\u000A"}{"\u000A"}With `siaga serve` running ([daemon] socket), siaga and every command are{"\u000A"}its clients; officers are known by their Unix login.{"\u000A"}{"\u000A"}Search terms: tag: status: prio: cat: lang: source: from: plus fuzzy words.{"\u000A"}{"\u000A"}Environment: NO_COLOR=1 draws without colour; SIAGA_LOG=debug logs more.{"\u000A"}Tokens come from the variable or 0600 file each [[sources]] entry names,{"\u000A"}never from the config text. Logs: $XDG_STATE_HOME/siaga/siaga.log.
help-config = Config file to merge over the defaults [default: $XDG_CONFIG_HOME/siaga/config.toml]
help-data-dir = Where the queue is stored [default: store.data_dir, else $XDG_DATA_HOME/siaga]
help-lang = The desk's language for this run: id (Bahasa Indonesia) or en [default: [ui] language, else the locale (LANG), else en]

## The queue: `siaga demo`, `ingest`, `list`, `show`, `tag`, `claim`, `assign`, `close`.
help-demo-about = The UI against a built-in demo feed (X API v2 on 127.0.0.1); no account needed. Uses a temporary data dir unless --data-dir is given
help-ingest-about = Fetch from every configured source
help-ingest-once = Fetch once, print per-source counts, exit non-zero if any source failed
help-list-about = List the queue, most urgent first
help-list-json = One JSON object per line (numbers masked as on screen, unless --reveal)
help-list-reveal = Show masked numbers and hidden text (recorded in each listed inquiry's history)
help-list-status = Only these statuses (repeatable) [default: the open ones]
help-list-limit = At most this many
help-list-search = Only matches, best first: fuzzy words plus filter terms (tag: status: prio: cat: lang: source: from:), as `/` in the UI
help-list-view = A view from the config (Inbox, Mine, Private, ...) instead of --status
help-show-about = One inquiry with its history
help-show-json = One JSON object (numbers masked as on screen, unless --reveal)
help-show-reveal = Show masked numbers and hidden text (recorded in its history)
help-tag-about = Add tags to an inquiry (prefix a tag with - to remove it)
help-claim-about = Claim an inquiry for yourself (your Unix login)
help-claim-take-over = Take it over from the colleague who holds it (recorded)
help-assign-about = Give an inquiry to a colleague (a supervisor's reassignment; recorded; a login of this host or one in [daemon] officers or supervisors)
help-assign-to = The colleague's login
help-close-about = Close an inquiry with a reason

## Replies: `siaga reply`, `outbox`.
help-reply-about = Answer an inquiry with a template, through the outbox. Without a running daemon the reply is sent at once and the platform's id printed
help-reply-template = The template's name (see config/templates.toml)
help-reply-reply-lang = Language of the reply's template [default: the inquiry's]. (`--lang` before the command is the language siaga itself speaks.)
help-reply-private = Answer privately (X direct message, Mastodon direct)
help-reply-public = Answer in public even if the category defaults to private
help-reply-wait = Longest time to keep retrying before leaving it to the outbox
help-outbox-about = The reply outbox: list what is pending, failed and sent
help-outbox-json = One JSON object per line
help-outbox-recent = How many sent or cancelled replies to list
help-outbox-send-about = Send every pending reply now (and reconcile any whose outcome was lost)
help-outbox-send-wait = Longest time to keep retrying
help-outbox-retry-about = Send a failed reply again
help-outbox-cancel-about = Withdraw a reply that has not been sent

## Escalations: `siaga escalate`, `ack`, `escalations`.
help-escalate-about = Escalate an inquiry to a mission's duty desk (e-mail and/or signed webhook). Without --mission, the mission suggested by the places the text names. Without a running daemon it is delivered at once
help-escalate-mission = The mission's code in the directory (riyadh, kotakinabalu, tawau, ...)
help-escalate-severity = P1 to P4 [default: the inquiry's priority]; sets the deadline
help-escalate-summary = One line for the mission [default: category and first line of the text]
help-escalate-note = The officer's note for the mission
help-escalate-via = You reached the mission yourself: phone or whatsapp. Recorded with the same deadline and acknowledgement; nothing is sent
help-escalate-reached = With --via: the person at the mission you spoke or wrote to
help-escalate-wait = Longest time to keep retrying before leaving it to the courier
help-ack-about = Record that the mission acknowledged the inquiry's escalation
help-ack-by = Who at the mission confirmed
help-ack-how = How: "phone", "reply e-mail", ...
help-escalations-about = Escalations: open ones (or --json, the latest of any state)
help-escalations-deliver-about = Deliver what is due and mark what is overdue, now
help-groups-about = Groups of near-identical pleas (a crisis's hundreds of "evacuate my family"): size, label, places and the most urgent priority
help-groups-json = One JSON object per line
help-group-about = Work on one group of near-identical pleas at once
help-group-reply-about = Answer every member (or --only some) with one template: each gets their own reply, in their language and channel, paced under the platform's limits. Members whose plea carries what the others' do not (a passport number, a child, an injury) are held back and listed
help-group-reply-group = The group (g12, as `siaga groups` lists it)
help-group-reply-template = The template's name (see config/templates.toml) [default: the template of the open crisis its members are tagged with]
help-group-reply-only = Answer only these members (inquiry numbers, comma-separated)
help-group-reply-dry-run = Show what each member would get; queue and send nothing
help-group-reply-wait = Without a daemon: longest time to keep sending before leaving the rest to the outbox (the next `siaga` or `siaga serve` sends it)
help-group-escalate-about = Escalate the whole group to one mission: one escalation carrying every open member as a row of its roster (a CSV with the e-mail, a JSON array in the webhook); members who join later are sent as additions to it
help-group-escalate-group = The group (g12, as `siaga groups` lists it)
help-group-escalate-mission = The mission's code [default: the mission its members name most]
help-group-escalate-severity = P1 to P4 [default: its most urgent member's]; sets the deadline
help-group-escalate-summary = One line for the mission [default: the group's size and label]
help-group-escalate-note = The officer's note for the mission
help-group-escalate-wait = Without a daemon: longest time to keep retrying before leaving it to the courier
help-group-split-about = Take one member out of its group: alone from now on, recorded in its history
help-group-split-inquiry = The member (an inquiry number)
help-group-join-about = Join the second group into the first: its members move, recorded in each one's history
help-group-join-into = The group that stays (g12, as `siaga groups` lists it)
help-group-join-from = The group whose members move into the first
help-crisis-about = Crises on the desk: open one (its inquiries are tagged krisis:NAME), close it, list them with their live counts
help-crisis-open-about = Open a crisis: tag the open inquiries of the last 72 hours that name its places or keywords, and every matching arrival from now on
help-crisis-open-name = Its name: letters, digits and '-' (sudan-2026)
help-crisis-open-places = Places its pleas name, comma-separated (Khartoum,Omdurman)
help-crisis-open-keywords = Words its pleas say, comma-separated (evakuasi,evacuate)
help-crisis-open-template = The reply template for its inquiries
help-crisis-close-about = Close a crisis: arrivals are no longer tagged; its record and its tags stay
help-crisis-close-name = The crisis's name
help-crisis-list-about = Every crisis: open or closed, its places, inquiries tagged, arrivals in the last hour and a sparkline of the last 2 hours
help-crisis-list-json = One JSON object per line

## The daemon and the shift: `siaga serve`, `shift`.
help-serve-about = The daemon: owns the store, runs the fetchers, the reply sender and the escalation courier, and serves officers' `siaga` over a Unix socket ([daemon] socket). Stops cleanly on SIGTERM
help-shift-about = Shift handover: what you (or --officer) hold open, replies pending or failed, escalations awaiting acknowledgement, call-backs you promised (snoozes you set, claimed or not), notes
help-shift-officer = The outgoing officer [default: you]
help-shift-markdown = Markdown for the shift log
help-shift-accept-about = Take over every inquiry the outgoing officer holds (recorded in each inquiry's history)
help-shift-accept-from = The outgoing officer's login

## The records: `siaga subject`, `purge`, `hold`, `audit`, `export`, `report`.
help-subject-about = A person's data: find everything held about them, erase it, or restrict its processing (data-subject requests under UU 27/2022)
help-subject-find-about = List everything held about a person: what they wrote, replies to them, escalations, and other inquiries that name them
help-subject-find-handle = Their handle (`budi`, `@budi`, `budi@mastodon.social`) or platform id
help-subject-erase-about = Erase a person's data (text, handle, ids, notes, reply text, escalation packets), keeping content-free statistics. Inquiries on legal hold, or with a reply or escalation in flight, are kept and listed. Supervisors only on a shared desk
help-subject-erase-reason = How the request came, for the record ("e-mail of 20 Nov, ref 123")
help-subject-erase-yes = Without it, only list what would be erased
help-subject-restrict-about = Restrict the processing of a person's data: kept, hidden, never answered or escalated; new messages from them are restricted too
help-subject-restrict-lift = Lift the restriction instead
help-purge-about = Erase the personal content of closed inquiries past their retention period ([retention]), keeping content-free statistics. The daemon does this daily by itself
help-purge-dry-run = Only list what would be erased (anyone may)
help-purge-json = One JSON object
help-hold-about = Put an inquiry on legal hold (never purged or erased), or --release it
help-hold-reason = Why (a case number, a court order); recorded
help-audit-about = The tamper-evident history
help-audit-verify-about = Check the whole hash chain of the history; name the first broken link
help-audit-reseal-about = Start the tamper evidence again under a new chain.key, trusting the history as the store holds it now: after the chain or its key was lost (the store refuses to open and says so). Offline, as the store's owner; logged as a warning with the new head
help-export-about = Export inquiries received in a period, one row each. Redacted unless --unredacted (supervisors only; recorded in each inquiry's history)
help-export-format = csv or jsonl
help-export-from = First day (YYYY-MM-DD, local time), inclusive
help-export-to = Last day (YYYY-MM-DD, local time), inclusive
help-export-unredacted = Names, handles and numbers as received
help-export-out = Write to this new file (created 0600) instead of standard output
help-report-about = Statistics in Markdown: counts by category, priority, channel, mission; median time to first reply (from the citizen's post, and from when siaga fetched it) and to acknowledgement. Default: the last 24 hours (a shift)
help-report-month = A calendar month, YYYY-MM
help-report-from = First day (YYYY-MM-DD, local time), inclusive
help-report-to = Last day (YYYY-MM-DD, local time), inclusive

## The store: `siaga backup`, `restore`, `salvage`, `check`.
help-backup-about = Copy the whole store to a new file, consistently, while siaga runs (through the daemon when one runs: supervisors only)
help-restore-about = Make the store from a backup. siaga serve must be stopped. The current store is kept aside with --replace, never deleted
help-restore-key = The chain.key of the store the backup was made from (backups never carry it; keep it apart). Without it, the key already in the data directory checks the restored history's seal
help-salvage-about = Copy everything still readable of a damaged store (inquiries, history, replies, escalations) into a fresh store in a new directory, and say what could not be read. The damaged store is left as it is. siaga serve must be stopped
help-salvage-into = The new data directory (must hold no store)
help-check-about = Check every index against the inquiries; --repair rebuilds what can be derived again and reports the rest. A store too damaged to open is surveyed instead: what a salvage would recover
help-check-repair = Rebuild what can be derived again (supervisors only through a daemon)

## `siaga config`, `completions`, `man`.
help-config-about = Work with the configuration
help-config-check-about = Validate the config and print every problem with its line. Nothing goes to the network unless --online is given
help-config-check-online = Also ask each source's platform which account its token belongs to, and whether that is its account_id
help-config-default-about = Print the commented defaults (a starting point for your own file)
help-completions-about = Print a shell completion script, e.g. `siaga completions bash > /usr/share/bash-completion/completions/siaga`
help-completions-shell = bash, zsh, fish, elvish or powershell
help-man-about = Print the manual page (roff), e.g. `siaga man > siaga.1`
help-triage-about = The learned model: train it on the officers' recorded decisions, or measure it on decisions it did not see
help-triage-train-about = Train the learned model on every decision the store records (priorities and categories set by hand, tags, escalations, closes) and use it for the open queue and every arrival from now on; siaga also does this nightly
help-triage-train-json = One JSON object
help-triage-eval-about = Train on four fifths of the decisions and print precision and recall per priority and category on the fifth held out; the desk's model is left as it is
help-triage-eval-json = One JSON object
