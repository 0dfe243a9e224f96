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
input-discard-again = Esc sekali lagi membuang yang Anda ketik
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

## Draf: yang sedang ditulis, disimpan oleh meja piket.

draft-restored = draf pukul { $time } dipulihkan
drafts-kept-one = { $count } draf tersimpan: { $ids }
drafts-kept = { $count } draf tersimpan: { $ids }
draft-not-kept = draf untuk #{ $id } tidak tersimpan: { $why }
drafts-unreadable = draf Anda tidak dapat dibaca: { $why }

## Yang menghalangi balasan dikirim (pemeriksaan saat menulis).
draft-empty = balasan masih kosong
draft-too-long = terlalu panjang untuk { $platform }: { $count } dari { $max }
draft-must-be-private = warga menulis secara pribadi; balas secara pribadi
draft-personal-data = balasan publik tidak boleh memuat { $what }; balas secara pribadi saja
draft-missing-mention = pesan langsung Mastodon harus menyebut { $at }; tanpa itu hanya meja piket yang melihatnya
draft-no-recipient = pesan pribadi X memerlukan ID pengguna warga, yang tidak tercatat pada aduan ini
personal-passport = nomor paspor
personal-nik = NIK (Nomor Induk Kependudukan)
personal-phone = nomor telepon
personal-email = alamat surel
personal-bank-account = nomor rekening bank

## Alasan memilih Perwakilan: alasan rute, sebagaimana ditampilkan formulir.
route-reason = { $place } ({ $note }) → { $mission }
route-inside = { $role }; dalam wilayah { $country }, { $country_role }
route-addressed = akun Perwakilan disapa; tidak ada tempat yang disebut
route-role-here = disebut sebagai tempat ia berada
route-role-going = disebut sebagai tujuannya
route-role-named = disebut
route-role-origin = asal/transit
route-role-affiliation = kewarganegaraan/bendera
reason-chosen-suggested = dipilih oleh { $officer } (saran: { $suggested })
reason-chosen-no-place = dipilih oleh { $officer } (tidak ada tempat yang disebut)

## Yang menghalangi eskalasi dicatat atau dikirim.
escalate-no-mission = tidak ada Perwakilan `{ $code }` di direktori
escalate-no-contact = { $mission } tidak punya surel atau webhook, begitu pula piket pusat `{ $desk }`; isi [missions.{ $code }] email = "..." di konfigurasi Anda, atau catat telepon atau WhatsApp yang Anda lakukan sendiri (--via phone --reached NAMA; telepon/WA di formulir)
escalate-no-cases = { $mission } tidak menangani kasus kekonsuleran
escalate-no-summary = eskalasi memerlukan ringkasan
escalate-summary-too-long = ringkasan lebih dari { $max } karakter; tuliskan sisanya di catatan
escalate-note-too-long = catatan lebih dari { $max } karakter
contact-not-by-hand = hanya telepon atau pesan WhatsApp yang dicatat sebagai kontak sendiri
contact-no-one-named = sebutkan nama orang yang Anda hubungi di Perwakilan
contact-name-too-long = nama orang yang dihubungi lebih dari { $max } karakter

## Bingkai surel eskalasi: tiap kalimat dalam Bahasa Indonesia, lalu
## dalam Bahasa Inggris; label sebagai "Indonesia / Inggris".
email-subject-overdue = LEWAT BATAS, belum ada tanda terima
email-subject-default-desk = Untuk piket pusat
email-subject-addition = Tambahan
email-subject-case = kasus { $category }
email-overdue = Eskalasi ini belum mendapat tanda terima hingga batas waktunya ({ $due }).
email-default-desk = { $mission } belum punya kontak di siaga; kasus ini ditujukan kepada mereka.
email-case = Kasus { $case } diteruskan ke { $mission } oleh { $officer } pada { $time }.
email-addition = Tambahan untuk kasus { $case }: anggota baru kelompok { $group } sejak kasus ini dikirim, baris { $from } sampai { $to } dari daftarnya.
email-roster = Daftar kelompok { $group } (baris: { $count }, satu per orang yang menulis), terlampir sebagai { $file }.
email-acknowledge = Tingkat keparahan { $severity }. Mohon kirim tanda terima sebelum { $due } (balas surel ini atau telepon meja piket).
email-summary = Ringkasan
email-note = Catatan petugas
email-why = Alasan memilih Perwakilan ini
email-category = Kategori
email-priority = Prioritas
email-tags = Label
email-channel = Saluran
email-link = Tautan
email-author = [DATA PRIBADI] Penulis
email-platform-id = ID platform
email-words = [DATA PRIBADI] Isi pesan warga, sebagaimana diterima
email-followup = pesan susulan
email-history = Riwayat
email-personal-data = Pesan ini memuat data pribadi warga yang memerlukan pelindungan (UU 27/2022). Bagikan hanya kepada pihak yang menangani kasus ini.

## Daftar kelompok, lembar yang dilampirkan pada surelnya: tiap kolom
## dinamai "Indonesia/Inggris".
roster-column-name = nama
roster-column-handle = akun
roster-column-channel = kanal
roster-column-places = tempat
roster-column-phones = telepon
roster-column-people = jumlah_orang
roster-column-link = tautan
roster-column-received = diterima
roster-column-inquiry = aduan
