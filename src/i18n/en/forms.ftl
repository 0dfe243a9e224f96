# forms: see docs/glossary.md

## The compose screen.
compose-public = PUBLIC reply
compose-private = PRIVATE message
compose-blank = blank
compose-to = to @{ $handle } · #{ $id } · { $platform } · lang { $lang } · template { $template }
compose-answered = already answered { $count }× — check the detail before sending again
compose-they-wrote = they wrote:
compose-queueing = queueing…
compose-ready = ready to send

## Replying: the template picker and the status bar's news.
reply-blank = (blank reply)
reply-no-templates = no reply templates are configured
reply-picker-title = Reply to @{ $handle }: template (✓ suits { $category })
reply-being-queued = the reply is being queued and will be sent; X in its detail cancels it
reply-discard-again = Esc again discards this reply
reply-discarded = reply discarded
reply-relang-again = { $key } again replaces your edits with the { $lang } template
reply-lang-id = Indonesian
reply-lang-en = English
reply-language = language: { $lang }
reply-rerendered = (template text rendered again)
reply-not-sent = not sent: { $why }
reply-queueing = queueing the reply…
reply-stays-private = the citizen wrote privately; the answer stays private
reply-channel = reply { $how }
reply-in-public = in public
reply-as-private = as a private message
reply-queued = { $id } queued for @{ $handle } ({ $how }); sending…
reply-editor-failed = editor: { $why }
reply-posted = { $id } posted (#{ $inquiry })
reply-posted-as = { $id } posted as { $post } (#{ $inquiry })
reply-failed = { $id } for #{ $inquiry } failed: { $why }; open it, R retries, X cancels
reply-nothing-to-retry = no failed reply to retry here
reply-nothing-to-cancel = no unsent reply to cancel here
reply-state-now = { $id } is { $state }

## Escalating: the mission picker.
escalate-no-directory = no mission directory is loaded
escalate-picker-suggested = Escalate #{ $id } to (✓ { $reason })
escalate-picker-none = Escalate #{ $id } to (no place named; pick a mission)

## The escalation form.
escalate-badge = ESCALATE
escalate-to-mission = #{ $id } to { $mission }
escalate-why = why: { $reason }
escalate-ack-due = acknowledgement due { $time } ({ $within } from now)
escalate-to = to: { $list }
escalate-cannot-deliver = cannot deliver: { $why }
escalate-made-by-you = made by you by { $route }, reached: { $who } (nothing is sent)
escalate-packet = the packet carries the text, author, link, tags, category and history (personal data marked)
escalate-summary = Summary
escalate-note = Note for the mission
escalate-reached = Reached at the mission (name)
escalate-recording = recording…
duration-minutes = { $n } min
duration-hours = { $n } h
duration-hours-minutes = { $h } h { $m } min
duration-days = { $n } d

## Escalating: the status bar's news and the acknowledgement.
escalate-being-recorded = the escalation is being recorded and will be delivered
input-discard-again = Esc again discards what you typed
escalate-discard-again = Esc again discards the summary and note you typed
escalate-not-sent = escalation not sent
escalate-recording-status = recording the escalation…
escalate-refused = not escalated: { $why }
escalate-recorded-made = { $id } to { $mission } recorded as made by you. Acknowledgement due { $time }
escalate-recorded = { $id } to { $mission } recorded; delivering. Acknowledgement due { $time }
escalate-none-awaiting = #{ $id } has no escalation awaiting acknowledgement
escalate-ack-title = Acknowledged by whom, and how? (e.g. Rina, by phone)
escalate-acked = { $id } acknowledged by { $by }
escalate-updated = { $id } updated
escalate-overdue = { $id } to { $mission } is OVERDUE: not acknowledged by { $time }
escalate-delivery-failed = { $id } to { $mission }: a delivery FAILED; see the inquiry's detail
escalate-overdue-count-one = { $count } escalation is OVERDUE: not acknowledged in time
escalate-overdue-count = { $count } escalations are OVERDUE: not acknowledged in time

## Drafts: what is being written, kept by the desk.

draft-restored = draft from { $time } restored
drafts-kept-one = { $count } draft kept: { $ids }
drafts-kept = { $count } drafts kept: { $ids }
draft-not-kept = the draft for #{ $id } was not kept: { $why }
drafts-unreadable = your drafts could not be read: { $why }

## What keeps a draft from being sent (the compose checks).
draft-empty = the reply is empty
draft-too-long = too long for { $platform }: { $count } of { $max }
draft-must-be-private = the citizen wrote privately; answer privately
draft-personal-data = a public reply must not contain { $what }; answer privately instead
draft-missing-mention = a Mastodon direct reply must mention { $at }, or only the desk will see it
draft-no-recipient = a private X reply needs the citizen's user id, which this inquiry lacks
personal-passport = a passport number
personal-nik = a NIK (national identity number)
personal-phone = a phone number
personal-email = an e-mail address
personal-bank-account = a bank account number

## Why this mission: the routing's reason, as the form shows it.
route-reason = { $place } ({ $note }) → { $mission }
route-inside = { $role }; inside { $country }, { $country_role }
route-addressed = addressed; no place named
route-role-here = named as where they are
route-role-going = named as where they are going
route-role-named = named
route-role-origin = origin/transit
route-role-affiliation = nationality/flag
reason-chosen-suggested = chosen by { $officer } (suggested: { $suggested })
reason-chosen-no-place = chosen by { $officer } (no place named)

## What keeps an escalation from being recorded or delivered.
escalate-no-mission = no mission `{ $code }` in the directory
escalate-no-contact = { $mission } has no e-mail or webhook, nor has the default desk `{ $desk }`; set [missions.{ $code }] email = "..." in your config, or record a call or WhatsApp you made (--via phone --reached NAME; phoned/WA in the form)
escalate-no-cases = { $mission } takes no consular cases
escalate-no-summary = an escalation needs a summary
escalate-summary-too-long = the summary is longer than { $max } characters; put the rest in the note
escalate-note-too-long = the note is longer than { $max } characters
contact-not-by-hand = only a phone call or a WhatsApp message is recorded as made
contact-no-one-named = name the person you reached at the mission
contact-name-too-long = the name of the person reached is longer than { $max } characters

## The escalation e-mail's framing: each line in Indonesian, then in
## English; labels as "Indonesian / English".
email-subject-overdue = OVERDUE, not acknowledged
email-subject-default-desk = For the default desk
email-subject-addition = Addition
email-subject-case = { $category } case
email-overdue = This escalation was not acknowledged by its deadline ({ $due }).
email-default-desk = { $mission } has no contact configured in siaga; this case is for them.
email-case = Case { $case } escalated to { $mission } by { $officer } at { $time }.
email-addition = Addition to case { $case }: new members of group { $group } since it was sent, rows { $from } to { $to } of its roster.
email-roster = Roster of group { $group } (rows: { $count }, one per person who wrote), attached as { $file }.
email-acknowledge = Severity { $severity }. Please acknowledge by { $due } (reply to this e-mail or call the desk).
email-summary = Summary
email-note = Officer's note
email-why = Why this mission
email-category = Category
email-priority = Priority
email-tags = Tags
email-channel = Channel
email-link = Link
email-author = [PERSONAL DATA] Author
email-platform-id = platform id
email-words = [PERSONAL DATA] The citizen's words, as received
email-followup = follow-up
email-history = History
email-personal-data = This message holds personal data of a citizen in need of protection (UU 27/2022). Share it only with those handling the case.

## A group's roster, the sheet attached to its e-mail: each column is
## named "Indonesian/English".
roster-column-name = name
roster-column-handle = handle
roster-column-channel = channel
roster-column-places = places
roster-column-phones = phones
roster-column-people = people
roster-column-link = link
roster-column-received = received (UTC RFC 3339)
roster-column-inquiry = inquiry
