# forms: lihat docs/glossary.md

## Layar menulis balasan.
compose-public = BALASAN PUBLIK
compose-private = PESAN PRIBADI
compose-blank = kosong
compose-to = ke @{ $handle } · #{ $id } · { $platform } · bahasa { $lang } · templat { $template }
compose-answered = sudah dibalas { $count }× — periksa rincian sebelum mengirim lagi
compose-they-wrote = isi aduan:
compose-queueing = mengantrekan…
compose-ready = siap dikirim

## Membalas: pemilih templat dan kabar di baris status.
reply-blank = (balasan kosong)
reply-no-templates = belum ada templat balasan yang dikonfigurasi
reply-picker-title = Balas @{ $handle }: templat (✓ cocok untuk { $category })
reply-being-queued = balasan sedang diantrekan dan akan dikirim; X di rinciannya membatalkannya
reply-discard-again = Esc sekali lagi membuang balasan ini
reply-discarded = balasan dibuang
reply-relang-again = { $key } sekali lagi mengganti suntingan Anda dengan templat bahasa { $lang }
reply-lang-id = Indonesia
reply-lang-en = Inggris
reply-language = bahasa: { $lang }
reply-rerendered = (teks templat disusun ulang)
reply-not-sent = tidak dikirim: { $why }
reply-queueing = mengantrekan balasan…
reply-stays-private = warga menulis secara pribadi; balasan tetap pribadi
reply-channel = balasan { $how }
reply-in-public = secara publik
reply-as-private = sebagai pesan pribadi
reply-queued = { $id } diantrekan untuk @{ $handle } ({ $how }); mengirim…
reply-editor-failed = editor: { $why }
reply-posted = { $id } telah diunggah (#{ $inquiry })
reply-posted-as = { $id } telah diunggah sebagai { $post } (#{ $inquiry })
reply-failed = { $id } untuk #{ $inquiry } gagal: { $why }; buka aduannya, R kirim ulang, X batalkan
reply-nothing-to-retry = tidak ada balasan gagal yang bisa dikirim ulang di sini
reply-nothing-to-cancel = tidak ada balasan belum terkirim yang bisa dibatalkan di sini
reply-state-now = { $id } kini { $state }

## Eskalasi: pemilih Perwakilan.
escalate-no-directory = direktori Perwakilan belum dimuat
escalate-picker-suggested = Teruskan #{ $id } ke (✓ { $reason })
escalate-picker-none = Teruskan #{ $id } ke (tidak ada tempat yang disebut; pilih Perwakilan)

## Formulir eskalasi.
escalate-badge = ESKALASI
escalate-to-mission = #{ $id } ke { $mission }
escalate-why = alasan: { $reason }
escalate-ack-due = batas tanda terima { $time } (dalam { $within })
escalate-to = kepada: { $list }
escalate-cannot-deliver = tidak dapat dikirim: { $why }
escalate-made-by-you = Anda menghubungi sendiri lewat { $route }, yang dihubungi: { $who } (tidak ada yang dikirim)
escalate-packet = paket berisi teks, penulis, tautan, label, kategori, dan riwayat (data pribadi ditandai)
escalate-summary = Ringkasan
escalate-note = Catatan untuk Perwakilan
escalate-reached = Yang dihubungi di Perwakilan (nama)
escalate-recording = mencatat…
duration-minutes = { $n } menit
duration-hours = { $n } jam
duration-hours-minutes = { $h } jam { $m } menit
duration-days = { $n } hari

## Eskalasi: kabar di baris status dan tanda terima.
escalate-being-recorded = eskalasi sedang dicatat dan akan dikirim
escalate-discard-again = Esc sekali lagi membuang ringkasan dan catatan yang Anda ketik
escalate-not-sent = eskalasi tidak dikirim
escalate-recording-status = mencatat eskalasi…
escalate-refused = tidak diteruskan: { $why }
escalate-recorded-made = { $id } ke { $mission } dicatat sebagai kontak yang Anda lakukan sendiri. Batas tanda terima { $time }
escalate-recorded = { $id } ke { $mission } dicatat; sedang dikirim. Batas tanda terima { $time }
escalate-none-awaiting = #{ $id } tidak punya eskalasi yang menunggu tanda terima
escalate-ack-title = Diterima oleh siapa, dan bagaimana? (mis. Rina, lewat telepon)
escalate-acked = { $id } diterima oleh { $by }
escalate-updated = { $id } diperbarui
escalate-overdue = { $id } ke { $mission } LEWAT BATAS: tidak ada tanda terima sebelum { $time }
escalate-delivery-failed = { $id } ke { $mission }: satu pengiriman GAGAL; lihat rincian aduan
escalate-overdue-count-one = { $count } eskalasi LEWAT BATAS: tanda terima tidak datang tepat waktu
escalate-overdue-count = { $count } eskalasi LEWAT BATAS: tanda terima tidak datang tepat waktu
