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
cli-no-groups = no groups: no near-identical pleas are open
cli-group-row = { $id }  ×{ $size }  { $priority }  { $label }  ({ $open } open, newest { $newest })
cli-no-crises = no crises: none has been opened (siaga crisis open NAME --places ...)
cli-crisis-row = { $name }  { $state }  { $places }  { $tagged } tagged, { $last_hour } in the last hour  { $spark }
cli-crisis-state-open = open
cli-crisis-state-closed = closed
cli-crisis-opened = crisis { $name } opened: { $tagged } inquiries of the last 72 hours tagged { $tag }; matching arrivals will be too
cli-crisis-closed = crisis { $name } closed: arrivals are no longer tagged ({ $tagged } keep the tag)
cli-crisis-no-template = no template named { $template }; known: { $known }
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
cli-config-account-is = { $name }: token belongs to { $account }
cli-config-account-taken = { $name }: token belongs to { $account }; no account_id: siaga uses this one
cli-config-account-as-said = { $name }: token belongs to { $account }, as account_id says
cli-config-account-wrong = { $name }: account_id { $configured } is not the token's account { $id } ({ $at })
cli-config-could-not-ask = { $name }: could not ask which account the token belongs to: { $why }
secret-not-a-variable-name = the value given as an environment variable's name is not a variable name (was the token itself pasted there?)
secret-variable-unset = environment variable { $var } is not set
secret-none-named = neither an environment variable nor a file is named
secret-unreadable = { $path }: { $why }
secret-not-plain-file = { $path } is not a plain file (a pipe, device or directory); put the secret in a file
secret-readable-by-others = { $path } can be read by other users; run `chmod 600 { $path }`
secret-too-large = { $path } is { $size } bytes: not a secret (at most { $max })

## The records verbs: `siaga subject`, `purge`, `hold`, `audit`, `export`,
## `backup`, `restore`, `check`, `salvage` (`report` is records.ftl).
cli-unexpected-answer = unexpected answer
cli-not-a-date = `{ $text }` is not a date; use YYYY-MM-DD
cli-not-a-month = `{ $text }` is not a month; use YYYY-MM
cli-to-before-from = --to is before --from
cli-ids-none = none
cli-kept = kept #{ $id }: { $why }
cli-subject-person = Person: @{ $handle }
cli-subject-restricted-since = Restricted since { $time } by { $officer }: { $reason }
cli-subject-wrote = Inquiries they wrote: { $count }
cli-subject-flag-erased = erased
cli-subject-flag-restricted = restricted
cli-subject-flag-hold = legal hold: { $reason }
cli-subject-item = #{ $id } { $source } { $channel } { $status } { $category } received { $time }{ $flags }
cli-subject-notes = { $count } internal note(s)
cli-subject-reply = reply { $id } ({ $state }): { $text }
cli-subject-escalation = escalation { $id } to { $mission }
cli-subject-named-in = Named in other people's inquiries (not erased with theirs): { $ids }
cli-subject-nothing-erased = Nothing erased. Add --yes to erase the inquiries listed above.
cli-subject-erased = erased: { $ids }
cli-subject-erased-model = the learned model forgets them at its next training (nightly, or `siaga triage train`)
cli-subject-restricted = restricted: { $ids }
cli-subject-restriction-lifted = restriction lifted: { $ids }
cli-files-rewritten = the store's files were rewritten: the erased data is no longer in them
cli-files-pending = the store is busy: its files are rewritten, the erased data removed from them, as soon as it is idle
cli-files-failed = the erased data is still in the store's files: rewriting them failed: { $why }
cli-purge-would-erase-one = would erase { $count } inquiry
cli-purge-would-erase = would erase { $count } inquiries
cli-purge-erased-one = erased { $count } inquiry
cli-purge-erased = erased { $count } inquiries
cli-purge-due = #{ $id } { $category } closed { $date } ({ $days } days)
cli-purge-failed = FAILED #{ $id }: { $why }
cli-hold-released = #{ $id }: legal hold released
cli-hold-placed = #{ $id }: on legal hold (never purged or erased until released)
cli-serve-running = `siaga serve` is running ({ $socket }); stop it before { $doing } (systemctl stop siaga)
cli-doing-resealing = resealing
cli-doing-restoring = restoring
cli-doing-salvaging = salvaging
cli-reseal-relinked = the history's { $events } events were linked anew and sealed under a new chain.key
cli-reseal-linked = the history's { $events } events still link; its head is sealed under a new chain.key
cli-reseal-head = head { $head }: note it down outside siaga (it is also in the log).
cli-audit-broken = BROKEN: the history chain breaks at { $link }
cli-audit-verified-before = { $checked } of { $expected } events verified before it.
cli-audit-intact = history intact: { $count } events chained and sealed; head { $count }:{ $head }
cli-audit-note-head = (Note the head down outside siaga: a later head must continue from it. The seal key, chain.key beside the store, is never in a backup: keep a copy apart.)
cli-exported-one = exported { $count } inquiry (redacted)
cli-exported = exported { $count } inquiries (redacted)
cli-exported-unredacted-one = exported { $count } inquiry UNREDACTED (recorded in each one's history)
cli-exported-unredacted = exported { $count } inquiries UNREDACTED (recorded in each one's history)
cli-cannot-create = cannot create { $path } (it must not exist yet)
cli-backup-written = backup written: { $path } ({ $bytes } bytes, { $records } records, { $inquiries } inquiries)
cli-backup-head = history head at backup: { $head }
cli-backup-key-apart = the history's seal key (chain.key beside the store) is not in the backup: keep a copy apart, for `siaga restore --key` on another host
cli-check-checked = checked { $count } inquiries
cli-check-repaired = repaired: { $problem }
cli-check-repairable = repairable (run with --repair): { $problem }
cli-check-not-repairable = NOT repairable: { $problem }
cli-check-clean = every index agrees with the items
cli-restore-moved-aside = the previous store was moved to { $path }
cli-restored = restored { $count } inquiries into { $path }
cli-restore-intact = history intact: { $count } events; head { $head }
cli-restore-broken = BROKEN history: { $link }
cli-restore-key-hint = If the backup came from another store, restore again with --key <its chain.key>; to trust this history as it is, run `siaga audit reseal`.
cli-restore-needs-repair = the indexes need repair: run `siaga check --repair`
cli-store-damaged = the store at { $path } does not open: it is damaged ({ $detail })
cli-salvage-hint = Copy what is readable into a fresh store: siaga salvage --into NEW_DIR
cli-salvaged-hint = The damaged store is left as it was. To work on the salvaged one: siaga --data-dir { $path } (or move it into place)
cli-salvage-result =
    { $done ->
        [yes] salvage recovered
       *[no] salvage would recover
    } { $inquiries } of { $expected } inquiries ({ $records } records), the store opened { $opened }
cli-salvage-unreadable = could not read: { $what }
cli-opened-as-is = as it is
cli-opened-without-unfinished = without its unfinished snapshot
cli-opened-log-only = from its log alone, up to the first damaged record (what was written after it is lost)

## The modes: `siaga demo`, the desk, `siaga ingest`, `siaga serve`.
cli-demo-feed-starting = starting the demo feed
cli-creating = creating { $path }
cli-writing = writing { $path }
cli-no-sources = no [[sources]] in the config; see `siaga config default` for an example
cli-ingest-daemon-fetches = siaga serve owns the queue and fetches from every source itself; its sources' health shows in the status bar of `siaga`
cli-source-not-started = { $source }: not started: { $why }
cli-ingest-counts = { $source }: { $new } new, { $followups } follow-up, { $duplicate } duplicate, { $skipped } skipped, { $unreadable } unreadable
cli-ingest-cut = { $source }: walk cut short: { $cut }; it goes on at the next poll
cli-ingest-failed = { $source }: failed: { $why }
cli-cut-pages = stopped after { $n } pages (max_pages)
cli-cut-time = stopped after { $n } s (max_walk_secs)
cli-cut-repeated-token = the platform repeated a page token
cli-cut-not-advancing = the platform ignored min_id (no newer page)
cli-store-locked = the store at { $path } is in use by another siaga process{ $holder }.
cli-store-locked-what-to-do = Close that siaga, or if `siaga serve` runs on this host, start siaga as its client.
cli-no-daemon-answers = No `siaga serve` answers on { $socket }; if a daemon should run, start it (systemctl start siaga), or close the other siaga.
cli-cannot-listen = cannot listen on { $socket }: { $why }
cli-serve-listening = siaga serve: listening on { $socket }

## How a command ends: the store's and the daemon's errors (`describe`).
store-the-store = the store
store-disk-full = the disk holding { $place } is full ({ $detail }): nothing of this change was stored; free some space and try again (no restart needed)
store-file-too-large = a file of { $place } reached the size this process may write ({ $detail }): nothing of this change was stored; free some space and try again (no restart needed)
store-damaged = the store is damaged: { $detail }.
store-damaged-at = the store at { $path } is damaged: { $detail }.
store-damaged-what-to-do = `siaga check` names what is unreadable; `siaga salvage --into NEW_DIR` copies everything readable into a fresh store
store-not-found = inquiry { $id } does not exist
store-refused = { $why }
store-claimed-by = inquiry { $id } is claimed by { $holder }; confirm to take it over
store-claimed-by-since = inquiry { $id } is claimed by { $holder } since { $since }; confirm to take it over
store-snapshot-set-aside = the store's unfinished snapshot { $name } ({ $bytes } bytes, left by a full disk or a crash while it was written) was set aside as { $aside } and the store was opened from its log
daemon-absent = no daemon answers on { $socket }
daemon-version = the daemon refused this client: the daemon speaks protocol { $daemon }, this siaga { $client }; use the same siaga version for both
daemon-refused = the daemon refused this client: { $why }
daemon-io = talking to the daemon: { $why }
cli-group-would-send = #{ $id } would get ({ $channel }): { $text }
cli-group-queued = #{ $id } answered: { $reply } ({ $channel })
cli-group-held = #{ $id } held back for your own look: { $signals }
cli-group-skipped = #{ $id } passed over: { $why }
cli-group-summary = { $group }: { $queued } of { $members } answered with { $template }; { $held } held back, { $skipped } passed over
cli-group-summary-dry-run = { $group }: { $queued } of { $members } would be answered with { $template }; { $held } held back, { $skipped } passed over (dry run: nothing queued)
cli-group-progress = sent { $sent }, failed { $failed }, queued { $queued } of { $of }
cli-group-daemon-sends = the daemon sends them, spaced out under the platform's limits; follow them with `siaga outbox`
cli-group-left-to-outbox = the rest stay in the outbox: the next `siaga` or `siaga serve` sends them
cli-group-split = #{ $id } is out of { $group }: alone from now on (in its history)
cli-group-joined = { $from } joined into { $into }: { $moved } moved, { $size } members now (in each one's history)
group-skip-not-member = not a member of this group
group-skip-closed = closed
group-skip-answered = already answered
group-skip-withheld = erased or restricted: it may not be answered
group-skip-refused = the reply was refused: { $detail }
cli-group-escalated = { $group } escalated as { $escalation }: { $rows } members on its roster
cli-group-no-template = { $group }: name a template (--template): none of its members is in an open crisis with one

# clap's own words around the help's texts (shown in Bahasa Indonesia only:
# English is clap's own).
clap-usage = Usage:
clap-options = Options
clap-arguments = Arguments
clap-commands = Commands
clap-help = Print help
clap-help-more = Print help (see more with '--help')
clap-help-summary = Print help (see a summary with '-h')
clap-version = Print version
clap-help-command = Print this message or the help of the given subcommand(s)
clap-default = [default: { $value }]

# The config's meaning checks (`siaga config check`), after FILE:LINE.
config-out-of-range = { $key } = { $value } is out of range; use { $min } to { $max }
config-no-views = at least one [[views]] entry is needed
config-view-no-name = every view needs a `name`
config-view-twice = two views are named `{ $name }`
config-view-no-status = a view needs at least one status
config-no-close-reasons = list at least one close reason
config-unknown-category = unknown category `{ $name }` in [retention.categories]; known: { $known }
config-days-out-of-range = { $name } = { $days } days is out of range; use 1 to 36500
config-crisis-factor = crisis.factor = { $factor } is out of range; use 1.5 to 100
config-reply-empty = reply.{ $field } is empty; templates would send a blank
config-default-desk = default_desk `{ $desk }` is not a mission code
config-ack-within-missing = ack_within has no deadline for { $priority }
config-not-email = `{ $address }` is not an e-mail address
config-secret-both = set webhook_secret_env or webhook_secret_file, not both
config-smtp-from = from `{ $from }` is not an address such as `Desk <desk@example.org>`
config-smtp-password = a username needs password_env or password_file
config-mission-unknown = mission `{ $code }` is not in the directory; a new mission needs type, city, country and iso2
config-webhook-url = webhook_url `{ $url }` is not an http(s) URL
config-webhook-unsigned = mission `{ $code }` has a webhook_url but no secret signs it: set webhook_secret_env or webhook_secret_file in [missions.{ $code }] (or in [escalation], for every mission without its own)
config-mission-secret-both = mission `{ $code }`: set webhook_secret_env or webhook_secret_file, not both
config-mission-secret-env = mission `{ $code }`: webhook_secret_env takes the NAME of an environment variable (such as SIAGA_WEBHOOK_SECRET_{ $upper }), not the secret; the value is not repeated here
config-key-mode = unknown key mode `{ $mode }`; modes are { $modes }
config-base-url = base_url `{ $url }` is not an http(s) URL
config-source-no-name = every source needs a `name`, such as "kemlu-x"
config-source-twice = two sources are named `{ $name }`; names must be unique
config-template-no-name = every template needs a `name`
config-template-twice = two templates are named `{ $name }`
config-more-problems = and { $count } more problems; fix these first
cli-triage-trained = learned model trained on { $examples } decisions in { $ms } ms: { $features } words and pairs, { $categories } categories, { $tags } tags; { $suggested } open inquiries given a new suggestion; used for every arrival from now on
cli-triage-eval-head = learned model trained on { $trained } decisions, measured on { $held } held out:
cli-triage-eval-class = { $class }: precision { $precision }, recall { $recall } ({ $support } decisions)
cli-triage-eval-priority = priority
cli-triage-eval-category = category

## What the TOML reader says about a config, in the catalog's words
config-not-toml = not valid TOML: { $detail }
config-value-refused = { $detail }
config-unknown-key = unknown key `{ $key }`; this table takes { $known }
config-unknown-key-none = unknown key `{ $key }`; this table takes no keys
config-unknown-choice = unknown value `{ $value }`; choose one of { $known }
config-missing-key = missing key `{ $key }`
config-duplicate-key = key `{ $key }` is set twice
config-wrong-type = { $found } is the wrong kind of value here; expected { $expected }
config-wrong-value = { $found } is not a value this key takes; expected { $expected }
config-kind = { $kind ->
        [text] a text
        [integer] a whole number
        [count] a whole number, 0 or more
        [number] a number
        [boolean] true or false
        [list] a list
        [table] a table
       *[character] one character
    }
config-kind-valued = { $kind ->
        [text] the text { $value }
        [boolean] { $value }
        [list] a list
        [table] a table
       *[number] the number { $value }
    }
config-unreadable = cannot read the config file: { $why }
config-not-a-file = the config is not a plain file (a pipe, device or directory)
config-too-big = the config file is { $bytes } bytes; a config is at most { $max } (1 MiB)

## clap's parse errors, as the desk says them
clap-error = error: { $what }
clap-error-more = For more information, try '--help'.
clap-error-tip = tip: perhaps { $suggested }
clap-error-unknown-argument = unexpected argument '{ $arg }' found
clap-error-unknown-command = unrecognized subcommand '{ $command }'
clap-error-invalid-value = invalid value '{ $value }' for '{ $arg }'
clap-error-valid-values = possible values: { $values }
clap-error-value-refused = invalid value '{ $value }' for '{ $arg }': { $why }
clap-error-missing-argument = the following required arguments were not provided: { $args }
clap-error-missing-command = '{ $command }' requires a subcommand but one was not provided
clap-error-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
clap-error-too-many = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
clap-error-values-count = '{ $arg }' was given the wrong number of values
clap-error-no-equals = equal sign is needed when assigning values to '{ $arg }'
clap-error-number = { $kind ->
        [empty] no number was given
        [digit] not a whole number
        [size] the number is too large
       *[other] not a number this takes
    }
config-account-id-empty = account_id is empty: leave it out and siaga learns it from the token's account
config-account-id-number = an X account_id is a number (a user id, not a @handle)
config-token-both = set token_env or token_file, not both
config-token-none = the source has no token: set token_env = "VAR" or token_file = "/path" (0600)
config-token-env-name = token_env takes the NAME of an environment variable (such as SIAGA_X_TOKEN), not the token; the value is not repeated here
config-source-range = { $field } must be { $min } to { $max }
config-searches-x-only = searches are for X sources only
duration-not-a-length = `{ $text }` is not a snooze length such as 30m, 4h or 2d
duration-out-of-range = `{ $text }`: a snooze is 1 minute to 90 days
config-deadline-length = `{ $text }` is not a deadline such as 30m, 4h or 2d (1 minute to 90 days)
zone-unknown = `{ $name }` is not a time zone; use an IANA name such as "Asia/Jakarta"
keys-not-a-key = `{ $key }` is not a key name (try `j`, `Enter`, `C-d`, `F5`)
keys-unknown-action = unknown action `{ $action }` for `[keys.{ $mode }]`; actions are { $actions }
template-lone-brace = a lone `{"}"}`; write `{"}}"}` for a literal brace
template-unclosed-brace = a `{"{"}` is never closed; write `{"{{"}` for a literal brace
template-unknown-placeholder = { $count ->
        [one] unknown placeholder { $named }
       *[other] unknown placeholders { $named }{ $more ->
            [0] {""}
           *[other] , and { $more } more
        }
    }; known: { $known }
template-no-text = template `{ $name }` has no `{ $field }` text
template-too-long = template `{ $name }` ({ $field }) can reach { $count } of { $platform }'s { $max } characters with long placeholder values; shorten it
config-source-at-least = { $field } must be at least { $min }
config-kind-up-to = a whole number from 0 to { $max }
