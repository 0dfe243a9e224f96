# cli: lihat docs/glossary.md

## Ringkasan serah terima piket (`siaga shift`, dan `H` di meja piket).
shift-heading = Serah terima piket: { $officer } pukul { $time }
shift-none = tidak ada
shift-held = Masih dipegang ({ $count })
shift-escalations = Eskalasi menunggu tanda terima ({ $count })
shift-overdue = **LEWAT BATAS**
shift-escalation = { $id } #{ $inquiry } ke { $mission } ({ $severity }), tenggat { $due }{ $overdue }: { $summary }
shift-replies = Balasan tertunda atau gagal ({ $count })
shift-snoozed = Janji menghubungi kembali (ditunda, { $count })
shift-snoozed-until = hingga { $until }: { $line }
shift-notes = Catatan ({ $count })
shift-accept-hint = Petugas piket berikutnya mengambil alih dengan `siaga shift accept { $officer }`.
shift-not-taken = #{ $id } tidak diambil: { $why }

## `siaga list`, `show`, `claim`, `assign`, `close`, `tag`.
cli-no-view = tidak ada tampilan bernama `{ $name }`; tampilan yang ada: { $views }
cli-no-match = tidak ada yang cocok dengan "{ $query }"
show-from = Dari: { $name } (@{ $handle })
show-source = Sumber: { $source } id { $id }
show-created = Dibuat: { $time }
show-claimed-by = Diambil oleh: { $officer }
show-tags = Label: { $tags }
show-why = Alasan: { $reasons }
show-legal-hold = Ditahan untuk keperluan hukum: { $reason } (oleh { $officer })
show-restricted = Dibatasi atas permintaan yang bersangkutan: { $reason }
show-deleted = Dihapus di platform (diketahui { $time })
show-erased = Data pribadi dihapus { $time } oleh { $officer }: { $why }
show-history = Riwayat:
applied-claimed-by = diambil oleh { $officer }
tags-now = #{ $id } label: { $tags }

## `siaga reply` dan `siaga outbox`.
cli-outbox-daemon-sends = siaga serve mengirim isi kotak keluar sendiri; keadaannya saat ini:
cli-cannot-send = { $source }: tidak dapat mengirim: { $why }
cli-no-template = tidak ada templat bernama `{ $name }`; templat yang ada: { $names }
cli-not-queued = tidak diantrekan: { $problem }
cli-reply-queued = { $id } diantrekan untuk #{ $inquiry } ({ $channel } { $lang }, { $count } karakter)
cli-daemon-keeps-sending = daemon terus mencoba mengirimnya; `siaga outbox` menunjukkan keadaannya
cli-outbox-nothing-due = tidak ada yang perlu dikirim di kotak keluar
cli-outbox-not-yet-sent = Belum terkirim ({ $count }):
cli-outbox-latest = Terakhir terkirim atau dibatalkan ({ $count }):
cli-outbox-send-now = jalankan `siaga outbox send` untuk mengirimnya sekarang

## `siaga escalate`, `siaga ack`, `siaga escalations`.
cli-escalations-daemon-delivers = siaga serve mengantar eskalasi sendiri; keadaannya saat ini:
cli-no-place-named = tidak ada tempat yang disebut di #{ $id }; beri --mission KODE
cli-mission-suggested = Perwakilan: { $mission } (disarankan: { $reason })
cli-escalation-recorded = { $id } ke { $mission } dicatat untuk #{ $inquiry } ({ $severity }, tanda terima paling lambat { $due })
cli-acknowledged-by = diterima oleh { $who }
cli-ack-due = tanda terima paling lambat { $due }
cli-no-escalation-open = tidak ada eskalasi yang terbuka
cli-escalations-open = Terbuka ({ $count }):

## `siaga config check`.
cli-config-problems = { $count } masalah ditemukan
cli-config-defaults-only = hanya bawaan siaga
cli-config-ok = konfigurasi baik ({ $from }); { $count } sumber
cli-sources-not-confirmed = { $count } sumber belum terkonfirmasi
cli-config-refused = konfigurasi bermasalah:
cli-config-refused-hint = Jalankan `siaga config check` setelah memperbaikinya.
