# records: see docs/glossary.md

## `siaga report`: the statistics of a shift or a month (its `--json` and
## the exports are language-neutral).
report-heading = siaga report: { $from } to { $to }
report-received = Inquiries received: **{ $count }**
report-first-reply = Median time to first reply, from the citizen's post: { $median } ({ $count } answered)
report-first-reply-fetched = from when siaga fetched it: { $median }
report-ack = Median time to acknowledgement by the mission: { $median } ({ $count } acknowledged)
report-by-category = By category
report-category = Category
report-by-priority = By priority
report-priority = Priority
report-by-channel = By channel
report-channel = Channel
report-by-status = By status now
report-status = Status now
report-by-mission = By escalated to
report-mission = Escalated to
report-count = Count
report-none = (none)
report-not-available = n/a
report-seconds = { $s }s
report-minutes = { $m }m { $s }s
report-hours = { $h }h { $m }m
report-days = { $d }d { $h }h
