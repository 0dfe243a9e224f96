# Kata-kata siaga dalam Bahasa Indonesia. Id pesan tetap; katalog Inggris
# (en/) memiliki id dan placeholder yang sama (tests/suite/catalog.rs).
# Istilah: docs/glossary.md.

## Perintah: penjelasan di bantuan (cmd-*) dan satu-dua kata di baris
## petunjuk (hint-*).
cmd-down = aduan berikutnya
cmd-up = aduan sebelumnya
cmd-top = aduan pertama (paling mendesak)
cmd-bottom = aduan terakhir yang dimuat
cmd-page-down = satu layar ke bawah
cmd-page-up = satu layar ke atas
cmd-open = buka aduan: teks lengkap dan riwayat
cmd-scroll-down = gulir ke bawah
cmd-scroll-up = gulir ke atas
cmd-next = buka aduan berikutnya
cmd-prev = buka aduan sebelumnya
cmd-next-view = tampilan berikutnya (tab)
cmd-prev-view = tampilan sebelumnya
cmd-search = cari di tampilan ini (tag: status: prio: cat: lang: source: from:)
cmd-mark = tandai untuk tindakan massal, lalu lanjut
cmd-tag = beri label (aduan yang ditandai, atau yang ini)
cmd-claim = ambil untuk Anda tangani
cmd-close = tutup dengan alasan
cmd-snooze = tunda sampai nanti
cmd-note = tambah catatan internal (tidak pernah diunggah)
cmd-priority = atur prioritas sendiri
cmd-accept-learned = terima usulan model yang belajar (prioritas, kategori, tanda)
cmd-category = atur kategori sendiri
cmd-undo = batalkan perubahan terakhir Anda
cmd-back = kembali (dari pencarian, rincian, bantuan); di balasan atau eskalasi: buang
cmd-help = bantuan ini
cmd-quit = keluar dari siaga
cmd-reply = balas dengan templat (pilih dengan mengetik sebagian namanya)
cmd-reply-in-editor = balas dengan templat, ditulis di $EDITOR
cmd-send = kirim balasan atau eskalasi (lewat kotak keluar)
cmd-switch-lang = ganti bahasa templat (Indonesia, Inggris)
cmd-toggle-channel = pilih balasan publik atau pesan pribadi
cmd-external-editor = sunting balasan di $EDITOR
cmd-retry-reply = kirim ulang balasan aduan ini yang gagal
cmd-cancel-reply = tarik balasan aduan ini yang belum terkirim
cmd-escalate = teruskan ke Perwakilan RI (KBRI/KJRI), disarankan dari tempat yang disebut
cmd-acknowledge = catat bahwa Perwakilan telah menerima eskalasi (siapa, bagaimana)
cmd-next-field = pindah antara ringkasan dan catatan
cmd-shift = serah terima piket: yang Anda pegang, balasan tertunda, eskalasi menunggu tanda terima
cmd-assign = serahkan ke rekan (lewat daemon: hanya supervisor; dicatat)
cmd-reveal = tampilkan nomor tersamar dan teks tersembunyi aduan ini (dicatat di riwayatnya); sekali lagi untuk menyamarkan
cmd-expand = buka baris kelompok di tempat untuk melihat anggotanya
cmd-collapse = lipat kembali kelompok yang terbuka ke barisnya
cmd-open-crisis = buka krisis: usulan di spanduk, atau diketik sebagai namanya lalu tempatnya, dipisah koma
cmd-close-crisis = tutup krisis pada tab krisis yang dipilih (ditanya y/n; tandanya tetap)
cmd-dismiss-suggestion = abaikan usulan krisis di spanduk
cmd-accept-shift = ambil alih semua aduan petugas piket sebelumnya (dicatat)
cmd-severity = ubah tingkat keparahan eskalasi (P1 sampai P4)
cmd-via = cara menghubungi Perwakilan: dikirim siaga, atau telepon/WhatsApp yang Anda lakukan (dicatat)

hint-down = berikut
hint-up = sebelum
hint-top = atas
hint-bottom = bawah
hint-page-down = hlm bawah
hint-page-up = hlm atas
hint-open = buka
hint-scroll-down = gulir
hint-scroll-up = gulir atas
hint-next = berikut
hint-prev = sebelum
hint-next-view = tab berikut
hint-prev-view = tab sebelum
hint-search = cari
hint-mark = tandai
hint-tag = label
hint-claim = ambil
hint-close = tutup
hint-snooze = tunda
hint-note = catatan
hint-priority = prioritas
hint-accept-learned = usulan
hint-category = kategori
hint-undo = batal
hint-back = kembali
hint-help = bantuan
hint-quit = keluar
hint-reply = balas
hint-reply-in-editor = balas di editor
hint-send = kirim
hint-switch-lang = bahasa
hint-toggle-channel = publik/pribadi
hint-external-editor = editor
hint-retry-reply = kirim ulang
hint-cancel-reply = tarik balasan
hint-escalate = teruskan
hint-acknowledge = tanda terima
hint-next-field = kolom berikut
hint-shift = serah terima
hint-assign = serahkan
hint-reveal = tampilkan
hint-expand = buka kelompok
hint-collapse = lipat kelompok
hint-open-crisis = buka krisis
hint-close-crisis = tutup krisis
hint-dismiss-suggestion = abaikan
hint-accept-shift = ambil alih
hint-severity = keparahan
hint-via = telepon/WA

## Kepala layar dan baris status.
marked-count = { $count } ditandai
status-new = baru
status-claimed = diambil
status-replied = dibalas
status-escalated = diteruskan
status-snoozed = ditunda
status-closed = ditutup
outbox = kotak keluar { $parts }
outbox-sending = { $count } dikirim
outbox-failed = { $count } GAGAL
no-sources = tanpa sumber
health-starting = memulai
health-ok = ok { $time }
health-waiting = batas laju hingga { $time }
health-failing = gagal: { $reason }
health-failing-since = gagal: { $reason }, terakhir ok { $time }
health-brief = sumber: { $ok }/{ $all } ok
health-brief-trouble = sumber: { $ok }/{ $all } ok, periksa { $names }
health-check = periksa { $names }
health-stopped = berhenti: { $reason }

## Tampilan konfigurasi bawaan, dalam bahasa petugas; tampilan dengan
## nama lain ditampilkan sesuai namanya.
view-inbox = Masuk
view-mine = Milik saya
view-private = Pribadi
view-escalated = Eskalasi
view-snoozed = Ditunda
view-closed = Ditutup
view-all = Semua
## Tab sempit (di bawah 100 kolom): paling banyak lima huruf.
view-short-inbox = Masuk
view-short-mine = Saya
view-short-private = Prib
view-short-escalated = Esk
view-short-snoozed = Tunda
view-short-closed = Tutup
view-short-all = Semua

## Pencarian.
search-running = mencari…
search-empty = ketik untuk mencari; Esc: kembali
search-found = { $count } ditemukan · Esc: kembali

## Daftar aduan.
queue-loading = Memuat…
queue-no-match = Tidak ada yang cocok dengan “{ $query }”.
queue-empty = Kosong: antrean tidak berisi aduan.
queue-no-sources = Belum ada sumber yang dikonfigurasi, jadi tidak akan ada aduan masuk. `siaga demo` menampilkan meja piket dengan umpan bawaan (tanpa akun); `siaga config default` mencetak konfigurasi awal: tambahkan tabel [[sources]] ke berkas konfigurasi Anda (`siaga --help` menyebut di mana berkas itu dibaca).
queue-no-sources-at = Belum ada sumber yang dikonfigurasi, jadi tidak akan ada aduan masuk. `siaga demo` menampilkan meja piket dengan umpan bawaan (tanpa akun); `siaga config default` mencetak konfigurasi awal: tambahkan tabel [[sources]] ke berkas konfigurasi Anda, { $path }
new-above = ▲ { $count } baru di atas
new-above-p1 = , { $count } P1
new-above-top = · { $key } ke atas
row-draft = [draf]
escalation-acked = diterima
escalation-overdue = LEWAT BATAS
escalation-failed = GAGAL
escalation-sent = terkirim
escalation-sending = dikirim
escalation-ack-due = { $delivery } · tanda terima { $time }

## Usia aduan: di daftar sesingkat mungkin (m menit, j jam, h hari); di
## kalimat, kata-kata.
age-now = kini
age-minutes = { $n }m
age-hours = { $n }j
age-days = { $n }h
ago-now = baru saja
ago-minutes = { $n } menit lalu
ago-hours = { $n } jam lalu
ago-days = { $n } hari lalu

## Bantuan dan layar serah terima.
mode-queue = antrean
mode-detail = rincian
help-keys = Tombol ({ $mode })
help-rebind = Ubah tombol di [keys.*] berkas konfigurasi Anda.
help-title = bantuan · j/k gulir · Esc tutup
shift-loading = memuat ringkasan serah terima…
shift-title = serah terima piket · j/k gulir · a ambil alih aduan rekan · Esc kembali
queue-group-row = ×{ $size } { $label } · { $open } terbuka

## Krisis di meja (#16): baris tabnya, spanduk lonjakan, dan apa yang
## dikatakan saat membuka atau menutupnya.
crisis-header = { $name } { $spark } { $count } · { $last_hour } dalam satu jam terakhir
crisis-banner = Permohonan yang menyebut { $place } melonjak: { $count } dalam satu jam terakhir, biasanya { $usual }/jam
crisis-banner-short = { $place } melonjak: { $count }/jam, biasanya { $usual }/jam
input-open-crisis = Buka krisis: nama, tempat (a, b), bisa --keywords k, l --template T
crisis-opening = membuka krisis { $name }…
crisis-opened = krisis { $name } dibuka: { $count } permohonan ditandai, juga setiap permohonan cocok yang datang sesudahnya
crisis-closed = krisis { $name } ditutup: yang datang tidak lagi ditandai ({ $count } tetap bertanda)
crisis-refused = meja menolak: { $why }
crisis-unknown-flag = { $flag } bukan pilihan krisis: yang ada --keywords dan --template
crisis-spec-no-name = krisis memerlukan nama (huruf, angka dan '-', misalnya sudan-2026)
crisis-spec-name-too-long = nama krisis { $shown }... terlalu panjang: paling banyak { $max } karakter
crisis-spec-name-not-slug = nama krisis { $shown } hanya boleh memuat huruf, angka dan '-' (bukan { $bad })
crisis-spec-too-many-terms = satu krisis menyebut paling banyak { $max } { $what ->
        [place] tempat
       *[keyword] kata kunci
    }
crisis-spec-term-too-long =
    { $what ->
        [place] tempat
       *[keyword] kata kunci
    } { $shown }... terlalu panjang: paling banyak { $max } karakter
crisis-spec-no-terms = krisis memerlukan sedikitnya satu tempat atau kata kunci
crisis-close-which = pilih tab krisis untuk menutup krisisnya
confirm-close-crisis = Tutup krisis { $name }? Yang datang tidak lagi ditandai. (y/n)
crisis-nothing-to-dismiss = tidak ada krisis yang diusulkan

# Filter pencarian yang salah ketik (`status:`, `prio:`).
search-unknown-status = status `{ $value }` tidak dikenal; pilih salah satu dari `new`, `claimed`, `replied`, `escalated`, `snoozed`, `closed`
search-unknown-priority = prioritas `{ $value }` tidak dikenal; pilih P1, P2, P3 atau P4
