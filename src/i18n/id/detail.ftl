# detail: lihat docs/glossary.md

## Kepala rincian: siapa yang menulis, di mana, kapan, dan mengapa aduan
## berada di tempatnya.
detail-none = Tidak ada aduan yang dipilih.
detail-channel-public = sebutan publik
detail-channel-private = pesan pribadi
detail-claimed-ago = diambil oleh { $who } { $when }
detail-claimed = diambil oleh { $who }
detail-unclaimed = belum diambil
detail-erased-author = (dihapus)
detail-from = Dari
detail-where = Saluran
detail-where-value = { $channel } · { $source } · bahasa { $lang }
detail-received = Masuk
detail-why = Alasan
detail-tags = Label
detail-set-by-hand = Diatur manual
detail-set-priority = prioritas oleh { $who }
detail-set-category = kategori oleh { $who }
detail-snoozed-until = Ditunda hingga
detail-same-author = Pengirim sama: { $count } aduan lain terbuka ({ $ids })
detail-on-it = Sedang ditangani: { $who }
activity-viewing = melihat
activity-replying = menulis balasan
activity-escalating = menyiapkan eskalasi

## Teks, pesan susulan, catatan, dan riwayat.
detail-followup = ── pesan susulan, { $when } ──
detail-notes = Catatan (internal)
detail-escalations = Eskalasi
detail-replies = Balasan
detail-history = Riwayat
detail-loading = memuat…
history-removed = dihapus { $value }

## Mengapa teks disamarkan atau disembunyikan (setelah tombol "v: ").
privacy-legal-hold = ditahan untuk proses hukum ({ $reason })
privacy-erased = data pribadi dihapus { $date } ({ $why })
privacy-restricted = dibatasi atas permintaan yang bersangkutan ({ $reason }): tanpa balasan, tanpa eskalasi
privacy-deleted = dihapus di platform { $at }
privacy-reveal = tampilkan (dicatat)
privacy-revealed = ditampilkan (dicatat)
privacy-mask = samarkan

## Eskalasi dan pengirimannya.
detail-escalation = { $id } { $mission } { $severity } oleh { $officer } { $when } · { $status }
detail-acked = diterima oleh { $by }{ $how } { $when }
detail-overdue-since = LEWAT BATAS sejak { $time }
detail-ack-due = batas tanda terima { $time }
delivery-state = { $route }{ $purpose } { $state }
delivery-made = { $route }{ $purpose } dihubungi sendiri oleh petugas
purpose-default-desk = piket pusat
purpose-supervisor = supervisor
purpose-addition = tambahan
route-email = surel
route-webhook = webhook
route-phone = telepon
route-whatsapp = WhatsApp

## Balasan: keadaan dan salurannya.
detail-reply = { $id } { $state } { $channel } oleh { $officer } { $when }
send-state-pending = menunggu
send-state-sending = sedang dikirim
send-state-unknown = belum pasti
send-state-sent = terkirim
send-state-failed = gagal
send-state-cancelled = dibatalkan
channel-public = publik
channel-private = pribadi

## Pengganti teks yang disembunyikan, dan balasan dalam satu baris (daftar).
mask-erased = [teks dihapus]
mask-restricted = [teks dibatasi atas permintaan yang bersangkutan]
mask-deleted = [teks dihapus penulisnya di platform]
reply-summary = { $id } { $state } { $channel } oleh { $officer }
detail-learned = Usulan model
detail-learned-value = { $suggestion } — dari: { $words }
