# actions: lihat docs/glossary.md

## Untuk berapa aduan sebuah pemilih atau isian, di judulnya: "(3 aduan)".
inquiries-one = { $count } aduan
inquiries-many = { $count } aduan

## Judul pemilih dan isian.
picker-close = Tutup: apa alasannya? ({ $inquiries })
picker-snooze = Tunda berapa lama? ({ $inquiries })
picker-priority = Prioritas ({ $inquiries })
picker-category = Kategori ({ $inquiries })
picker-tags = Label: Enter pasang/lepas ({ $inquiries })
input-note = Catatan internal, tidak pernah diunggah ({ $inquiries })
confirm-assign = Serahkan { $inquiries } kepada { $to }? (y/n)
input-assign = Serahkan kepada (login rekan; { $inquiries })
input-handover = Ambil alih semua aduan milik (login petugas piket sebelumnya)

## Yang tertulis di bawah pemilih, pertanyaan dan isian.
picker-new = + baru: { $name }
picker-keys = Enter: pilih · Esc: tutup
confirm-title = Konfirmasi
input-keys = Enter: simpan · Esc: batal

## Aduan yang dipegang rekan: pertanyaan ambil alih ($age: "5m").
take-over = Aduan { $id } sudah diambil { $holder }. Ambil alih? (y/n)
take-over-since = Aduan { $id } sudah diambil { $holder } { $age } lalu. Ambil alih? (y/n)
take-over-just-now = Aduan { $id } baru saja diambil { $holder }. Ambil alih? (y/n)

## Hasil perubahan, di baris status: "ditutup: 6" (dan penolakannya).
done-claim = diambil: { $count }
done-release = dilepas: { $count }
done-close = ditutup: { $count }
done-reopen = dibuka kembali: { $count }
done-tag = diberi label: { $count }
done-untag = label dilepas: { $count }
done-note = catatan ditambahkan: { $count }
done-priority = prioritas diubah: { $count }
done-accept-learned = usulan diterima: { $count }
done-category = kategori diubah: { $count }
done-snooze = ditunda: { $count }
done-wake = kembali dari tunda: { $count }
done-restore = dibatalkan: { $count }
done-assign = diserahkan: { $count }
done-handover = diambil alih: { $count }
done-reveal = ditampilkan: { $count }
done-hold = ditahan untuk proses hukum: { $count }
done-release-hold = penahanan dicabut: { $count }
done-restrict = dibatasi: { $count }
done-unrestrict = pembatasan dicabut: { $count }
done-deleted = ditandai terhapus di platform: { $count }
done-export = diekspor: { $count }

## Ditolak, setelah "ditutup: 5; " ($why: kata-kata penyimpanan sendiri).
refused-claimed = { $count } ditolak (diambil { $holder })
refused-other = { $count } ditolak ({ $why })

## Batalkan: "6 penutupan dibatalkan".
undo-nothing = tidak ada yang bisa dibatalkan
undone-claim = { $count } pengambilan dibatalkan
undone-release = { $count } pelepasan dibatalkan
undone-close = { $count } penutupan dibatalkan
undone-reopen = { $count } pembukaan kembali dibatalkan
undone-tag = { $count } pemberian label dibatalkan
undone-untag = { $count } pelepasan label dibatalkan
undone-note = { $count } catatan dibatalkan
undone-priority = { $count } perubahan prioritas dibatalkan
undone-accept-learned = { $count } penerimaan usulan dibatalkan
undone-category = { $count } perubahan kategori dibatalkan
undone-snooze = { $count } penundaan dibatalkan
undone-wake = { $count } pengakhiran tunda dibatalkan
undone-restore = { $count } pembatalan dibatalkan
undone-assign = { $count } penyerahan dibatalkan
undone-handover = { $count } pengambilalihan dibatalkan
undone-reveal = { $count } penampilan data dibatalkan
undone-hold = { $count } penahanan hukum dibatalkan
undone-release-hold = { $count } pencabutan penahanan dibatalkan
undone-restrict = { $count } pembatasan dibatalkan
undone-unrestrict = { $count } pencabutan pembatasan dibatalkan
undone-deleted = { $count } tanda terhapus dibatalkan
undone-export = { $count } ekspor dibatalkan
undone-other = { $count } dibatalkan ({ $what })

## Menampilkan nomor yang disamarkan dan teks tersembunyi (`v`).
reveal-masked-again = disamarkan lagi
reveal-erased = aduan { $id } sudah dihapus; tidak ada yang bisa ditampilkan

## Keluar padahal ada teks yang belum dikirim.
quit-unsent-reply = balasan #{ $id } belum dikirim; drafnya disimpan: C-c lagi keluar, Esc kembali
quit-unsent-input = yang Anda ketik belum disimpan: C-c lagi keluar tanpa menyimpan, Esc kembali
quit-unsent-escalation = eskalasi #{ $id } belum dikirim; drafnya disimpan: C-c lagi keluar, Esc kembali

## Aduan P1 masuk ($ids: "#901 #903").
p1-arrived = P1 baru: { $ids }
p1-arrived-more = P1 baru: { $ids } dan { $more } lainnya

## Serah terima piket diterima di meja (`H`, lalu `A`).
handover-took-over-one = mengambil alih { $count } aduan dari { $from }
handover-took-over = mengambil alih { $count } aduan dari { $from }
handover-not-taken = { $count } tidak diambil (kini dipegang petugas lain)

## $EDITOR untuk balasan ($error, $status: kata-kata sistem sendiri).
editor-cannot-run = tidak dapat menjalankan `{ $editor }`: { $error }
editor-exited = `{ $editor }` berhenti dengan { $status }; balasan tidak berubah
group-picker-title = Jawab { $group } (×{ $size }) dengan
group-checking = { $group }: menanyakan desk siapa yang akan dijawab…
group-nobody-to-answer = { $group }: tidak ada yang bisa dijawab ({ $held } ditahan untuk Anda periksa sendiri, { $skipped } sudah dijawab, ditutup, atau dibatasi)
group-confirm = Jawab { $queued } dari { $members } dengan { $template }? { $held } ditahan untuk Anda periksa sendiri { $who } (y/n)
group-answered = { $group } dijawab: { $sent } terkirim, { $failed } gagal; { $held } ditahan untuk Anda periksa sendiri { $who }
group-progress = { $group } ↑ terkirim { $sent } · gagal { $failed } · antre { $queued } dari { $of }
group-escalate-title = Teruskan { $group } (×{ $size }) ke Perwakilan
group-escalate-confirm = Teruskan { $group } (×{ $size }) ke { $mission } sebagai satu eskalasi dengan daftarnya? Yang bergabung kemudian dikirim sebagai tambahan (y/n)
group-escalated = { $group } diteruskan ke { $mission } sebagai { $escalation }: { $rows } dalam daftarnya
group-open-first = “{ $what }” untuk satu aduan: buka { $group } (Enter) lalu pilih anggotanya
group-changed = { $group }, { $members } anggota: { $done }
refused-restricted = aduan { $id } dibatasi atas permintaan yang bersangkutan (oleh { $by } pada { $on }: { $reason }); tidak boleh { $verb ->
        [answered] dijawab
        [escalated] diteruskan ke Perwakilan
        [sent] dikirim
        [delivered] diantarkan
       *[other] { $verb }
    }
refused-erased = aduan { $id } sudah dihapus; tidak boleh { $verb ->
        [answered] dijawab
        [escalated] diteruskan ke Perwakilan
        [sent] dikirim
        [delivered] diantarkan
       *[other] { $verb }
    }
refused-reply-claimed = aduan { $id } diambil { $holder }{ $since }; hanya dia yang boleh membalas (ambil alih dulu)
refused-answered-since = aduan { $id } sudah dijawab { $by } pada { $at } ({ $reply }) sejak Anda membukanya; tidak ada yang diantrekan
refused-closed-reopen = aduan { $id } sudah ditutup; buka kembali dulu
refused-release-claimed = aduan { $id } diambil { $holder }; hanya dia yang bisa melepasnya (atau ambil alih)
refused-close-reason = menutup perlu alasan
refused-snooze-past = tunda harus berakhir di masa depan
refused-closed = aduan { $id } sudah ditutup
refused-assign-whom = serahkan kepada siapa?
refused-changed-since = aduan { $id } sudah diubah sejak itu (oleh orang lain atau oleh pengambil data); tidak ada yang dibatalkan
refused-say-why = sebutkan alasannya (alasan dicatat)
refused-retry-not-failed = balasan { $reply } berstatus { $state }; hanya balasan yang gagal yang bisa dicoba lagi
refused-reply-already = balasan { $reply } sudah { $state }
refused-reply-sending = balasan { $reply } sedang dikirim saat ini; tunggu hasilnya
refused-no-group = tidak ada kelompok { $group }
refused-no-template = tidak ada templat bernama `{ $name }`
refused-group-nobody = { $group } tidak punya anggota untuk diteruskan
refused-group-no-mission = { $group } tidak menyebut Perwakilan: pilih satu (--mission)
refused-group-escalated = { $group } sudah diteruskan ke { $mission } sebagai { $escalation }; anggota yang bergabung dikirim sebagai tambahan
refused-kept-legal-hold = aduan { $id } disimpan: ditahan untuk keperluan hukum sejak { $since } oleh { $by }: { $reason }
refused-kept-reply = aduan { $id } disimpan: sebuah balasan masih dikirim; tunggu atau batalkan
refused-kept-escalation = aduan { $id } disimpan: sebuah eskalasi masih diantarkan; tunggu sampai selesai
kept-legal-hold = ditahan untuk keperluan hukum sejak { $since } oleh { $by }: { $reason }
kept-reply = sebuah balasan masih dikirim; tunggu atau batalkan
kept-escalation = sebuah eskalasi masih diantarkan; tunggu sampai selesai
refused-no-officer = tidak ada petugas bernama { $name }: bukan login di host ini, juga tidak ada di [daemon] officers atau supervisors
refused-nothing-to-acknowledge = aduan { $id } tidak punya eskalasi yang menunggu tanda terima
refused-no-longer-held = aduan { $id } tidak lagi dipegang { $from } (sekarang: { $now })
refused-hold-erased = aduan { $id } sudah dihapus; tidak ada yang bisa ditahan
refused-say-why-hold-ends = sebutkan mengapa penahanan dicabut
refused-say-why-restriction-ends = sebutkan mengapa pembatasan dicabut
refused-not-on-hold = aduan { $id } tidak ditahan untuk keperluan hukum
refused-daemon-gone = sambungan ke siaga serve terputus; jalankan ulang siaga untuk tersambung lagi
refused-ack-who = sebutkan siapa di Perwakilan yang mengonfirmasi (nama)
refused-already-acknowledged = { $escalation } sudah ada tanda terimanya
refused-post-deleted = unggahan aduan { $id } sudah dihapus di platform; balasan publik tidak bisa menyambung ke sana (jawab secara pribadi)
refused-give-handle = sebutkan akun (misalnya @budi)
refused-say-how-request = sebutkan bagaimana permintaan itu datang (dicatat)
refused-join-itself = { $group } tidak bisa digabungkan dengan dirinya sendiri
refused-in-no-group = aduan { $id } tidak ada dalam kelompok mana pun

# Penolakan meja piket atas aturannya sendiri: kalimat di dalamnya (why).
refused-not-queued = tidak diantrekan: { $why }
refused-not-escalated = tidak diteruskan ke Perwakilan: { $why }
refused-not-kept = tidak disimpan: { $why }
refused-no-template-known = tidak ada templat bernama { $name }; yang dikenal: { $known }
refused-group-answer-too-many = satu jawaban kelompok menyebut paling banyak { $max } anggota
refused-draft-erased = data pribadi aduan { $id } sudah dihapus: draf untuknya tidak disimpan
refused-no-reply = balasan { $n } tidak ada
refused-no-escalation = eskalasi { $n } tidak ada
refused-crisis-open = krisis { $name } sudah dibuka (oleh { $by } pada { $at })
refused-crisis-was-closed = krisis { $name } sudah ditutup pada { $at }; buka dengan nama baru (misalnya { $name }-2)
refused-no-crisis = tidak ada krisis bernama { $name }
refused-crisis-closed = krisis { $name } sudah ditutup (pada { $at })
refused-daemon-fetches = aduan baru disimpan oleh pengambil milik daemon sendiri; jalankan `siaga ingest` di tempat tanpa daemon
refused-request-too-large = permintaan lebih besar dari { $max } bita
limit-too-long =
    { $what ->
        [tag] label
        [note] catatan
        [reason] alasan
        [category] kategori
        [officer] nama petugas
        [revealed] apa yang dibuka
        [exported] cara ekspor
        [draft-text] teks draf
        [template] nama templat
        [mission] kode Perwakilan
        [draft-summary] ringkasan draf
        [draft-note] catatan draf
        [reached] orang yang dihubungi
        [ack-by] pemberi tanda terima
        [ack-how] cara tanda terima diberikan
       *[search] teks pencarian
    } lebih panjang dari { $max } karakter
limit-tags = satu aduan memuat paling banyak { $max } label
limit-tags-remove-one = satu aduan memuat paling banyak { $max } label; hapus satu dulu

# Aturan penjaga rekaman.
refused-supervisor-only = hanya supervisor yang boleh { $what }
supervisor-may-erase = menghapus data pribadi seseorang
supervisor-may-restrict = membatasi pemrosesan data pribadi seseorang atau mencabut pembatasannya
supervisor-may-purge = memusnahkan (coba --dry-run)
supervisor-may-export = mengekspor TANPA SAMARAN
supervisor-may-backup = membuat cadangan
supervisor-may-repair = memperbaiki penyimpanan (jalankan tanpa --repair untuk melihat saja)
refused-backup-absolute = berikan jalur absolut untuk cadangan (diberikan: { $path })
refused-say-how-request-example = sebutkan bagaimana permintaan itu datang (mis. "surel tanggal 2026-11-20, ref 123"); dicatat

# Berkas penyimpanan: pemulihan, penyelamatan, segel riwayat.
refused-restore-over-store = { $dir } sudah berisi penyimpanan; tambahkan --replace untuk memindahkannya ke samping (tetap disimpan)
refused-salvage-over-store = { $dir } sudah berisi penyimpanan; selamatkan data ke direktori baru
refused-no-store-at = tidak ada penyimpanan di { $dir }
refused-chain-gone = rantai riwayat { $store } hilang padahal { $linked } peristiwa memuat tautan: tidak ada yang ditautkan ulang. Pulihkan penyimpanan dari cadangan (beserta chain.key-nya), atau jalankan `siaga audit reseal` untuk memulai lagi bukti keutuhan dari isi penyimpanan sekarang (dicatat).
refused-seal-key-missing = riwayat { $store } bersegel tetapi kunci segelnya { $key } hilang. Kembalikan chain.key yang dipakai untuk menyegelnya, atau jalankan `siaga audit reseal` (dicatat).
refused-seal-lost = riwayat { $store } punya kunci segel tetapi ujungnya kehilangan segel. Pulihkan penyimpanan dari cadangan (beserta chain.key-nya), atau jalankan `siaga audit reseal` untuk memulai lagi bukti keutuhan dari isi penyimpanan sekarang (dicatat).
refused-seal-key-not-file = kunci segel riwayat { $key } bukan berkas biasa
refused-seal-key-readable = kunci segel riwayat { $key } dapat dibaca orang lain: jalankan chmod 600 padanya
refused-seal-key-size = kunci segel riwayat { $key } tidak berukuran 32 bita: itu bukan kunci segel siaga
refused-seal-key-absent = kunci segel riwayat { $key } tidak ada
refused-no-randomness = tidak ada data acak: { $why }

# Tabel daemon tentang siapa boleh berbuat apa (`tidak diizinkan: ...`).
refused-not-allowed = tidak diizinkan: { $why }
forbidden-fetchers-only = aduan baru hanya disimpan oleh pengambil milik daemon sendiri
forbidden-consular-scope = staf kekonsuleran melihat dan memberi tanda terima atas yang diteruskan ke Perwakilannya saja
forbidden-desk-records-itself = meja piket mencatatnya sendiri
forbidden-supervisor-assigns = hanya supervisor yang dapat mengalihkan aduan yang sudah diambil
forbidden-supervisor-holds = hanya supervisor yang dapat mencabut penahanan untuk keperluan hukum atau membatasi pemrosesan
forbidden-undo-claim = urungkan hanya boleh mengembalikan aduan kepada petugas yang memegangnya sebelum perubahan terakhir Anda
forbidden-not-their-inquiry = aduan ini tidak diteruskan ke Perwakilan Anda
forbidden-nothing-to-acknowledge = tidak ada eskalasi ke Perwakilan Anda yang menunggu tanda terima di sini
forbidden-unknown = meja piket tidak mengenal permintaan ini
refused-train-too-few = baru { $examples } keputusan tercatat; model yang belajar perlu sedikitnya { $needed } (permohonan yang dibalas, dieskalasi, ditutup, atau dikoreksi petugas)
refused-no-learned = permohonan { $id } belum punya usulan dari model yang belajar (`siaga triage train` melatihnya; usulan dibuat untuk yang datang sesudahnya)

## Alasan penutupan bawaan konfigurasi, seperti yang ditampilkan pemilih tutup
close-reason-answered = sudah dijawab
close-reason-referred-to-the-mission = diteruskan ke perwakilan
close-reason-handled-by-phone = ditangani lewat telepon
close-reason-not-a-protection-case = bukan kasus pelindungan WNI
close-reason-duplicate = duplikat
close-reason-spam = spam
close-reason-no-reply-from-the-citizen = WNI tidak membalas
