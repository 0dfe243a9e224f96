# cli: lihat docs/glossary.md

## Ringkasan serah terima piket (`siaga shift`, dan `H` di meja piket).
shift-heading = Serah terima piket: { $officer }, { $time }
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
cli-no-groups = belum ada kelompok: tidak ada permohonan yang nyaris sama yang terbuka
cli-group-row = { $id }  ×{ $size }  { $priority }  { $label }  ({ $open } terbuka, terbaru { $newest })
cli-no-crises = belum ada krisis: belum ada yang dibuka (siaga crisis open NAMA --places ...)
cli-crisis-row = { $name }  { $state }  { $places }  { $tagged } ditandai, { $last_hour } dalam satu jam terakhir  { $spark }
cli-crisis-state-open = terbuka
cli-crisis-state-closed = ditutup
cli-crisis-opened = krisis { $name } dibuka: { $tagged } permohonan 72 jam terakhir ditandai { $tag }; yang datang dan cocok juga akan ditandai
cli-crisis-closed = krisis { $name } ditutup: yang datang tidak lagi ditandai ({ $tagged } tetap bertanda)
cli-crisis-no-template = tidak ada templat bernama { $template }; yang ada: { $known }
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
cli-config-account-is = { $name }: token milik { $account }
cli-config-account-taken = { $name }: token milik { $account }; account_id tidak diisi: siaga memakai akun ini
cli-config-account-as-said = { $name }: token milik { $account }, sesuai account_id
cli-config-account-wrong = { $name }: account_id { $configured } bukan akun pemilik token, { $id } ({ $at })
cli-config-could-not-ask = { $name }: tidak dapat menanyakan pemilik token: { $why }
secret-not-a-variable-name = nilai yang diberikan sebagai nama variabel lingkungan bukan nama variabel (apakah token itu sendiri yang ditempel di situ?)
secret-variable-unset = variabel lingkungan { $var } tidak diisi
secret-none-named = tidak ada variabel lingkungan atau berkas yang disebutkan
secret-unreadable = { $path }: { $why }
secret-not-plain-file = { $path } bukan berkas biasa (pipa, perangkat atau direktori); simpan rahasianya dalam berkas
secret-readable-by-others = { $path } dapat dibaca pengguna lain; jalankan `chmod 600 { $path }`
secret-too-large = { $path } berukuran { $size } bita: bukan rahasia (paling banyak { $max })

## Perintah arsip: `siaga subject`, `purge`, `hold`, `audit`, `export`,
## `backup`, `restore`, `check`, `salvage` (`report` di records.ftl).
cli-unexpected-answer = jawaban tidak terduga
cli-not-a-date = `{ $text }` bukan tanggal; tulis YYYY-MM-DD
cli-not-a-month = `{ $text }` bukan bulan; tulis YYYY-MM
cli-to-before-from = --to lebih awal daripada --from
cli-ids-none = tidak ada
cli-kept = tetap disimpan #{ $id }: { $why }
cli-subject-person = Subjek data: @{ $handle }
cli-subject-restricted-since = Dibatasi sejak { $time } oleh { $officer }: { $reason }
cli-subject-wrote = Aduan yang ditulisnya: { $count }
cli-subject-flag-erased = data pribadi dihapus
cli-subject-flag-restricted = dibatasi
cli-subject-flag-hold = ditahan untuk keperluan hukum: { $reason }
cli-subject-item = #{ $id } { $source } { $channel } { $status } { $category } diterima { $time }{ $flags }
cli-subject-notes = { $count } catatan internal
cli-subject-reply = balasan { $id } ({ $state }): { $text }
cli-subject-escalation = eskalasi { $id } ke { $mission }
cli-subject-named-in = Disebut dalam aduan orang lain (tidak ikut dihapus bersama data mereka): { $ids }
cli-subject-nothing-erased = Belum ada yang dihapus. Tambahkan --yes untuk menghapus data pribadi dalam aduan di atas.
cli-subject-erased = data pribadi dihapus: { $ids }
cli-subject-erased-model = model yang belajar melupakannya pada pelatihan berikutnya (setiap malam, atau `siaga triage train`)
cli-subject-restricted = dibatasi: { $ids }
cli-subject-restriction-lifted = pembatasan dicabut: { $ids }
cli-files-rewritten = berkas penyimpanan sudah ditulis ulang: data yang dihapus tidak ada lagi di dalamnya
cli-files-pending = penyimpanan sedang sibuk: berkasnya ditulis ulang, dan data yang dihapus dibuang darinya, begitu penyimpanan senggang
cli-files-failed = data yang dihapus masih ada di berkas penyimpanan: penulisan ulang gagal: { $why }
cli-purge-would-erase-one = { $count } aduan akan dihapus
cli-purge-would-erase = { $count } aduan akan dihapus
cli-purge-erased-one = { $count } aduan dihapus
cli-purge-erased = { $count } aduan dihapus
cli-purge-due = #{ $id } { $category } ditutup { $date } ({ $days } hari)
cli-purge-failed = GAGAL #{ $id }: { $why }
cli-hold-released = #{ $id }: penahanan untuk keperluan hukum dicabut
cli-hold-placed = #{ $id }: ditahan untuk keperluan hukum (tidak dimusnahkan atau dihapus sampai penahanan dicabut)
cli-serve-running = `siaga serve` sedang berjalan ({ $socket }); hentikan dulu sebelum { $doing } (systemctl stop siaga)
cli-doing-resealing = menyegel ulang
cli-doing-restoring = memulihkan
cli-doing-salvaging = menyelamatkan data
cli-reseal-relinked = { $events } peristiwa riwayat ditautkan ulang dan disegel dengan chain.key baru
cli-reseal-linked = { $events } peristiwa riwayat masih bertaut; ujungnya disegel dengan chain.key baru
cli-reseal-head = ujung { $head }: catat di luar siaga (juga tercatat di log).
cli-audit-broken = RUSAK: rantai riwayat putus di { $link }
cli-audit-verified-before = { $checked } dari { $expected } peristiwa terverifikasi sebelum titik itu.
cli-audit-intact = riwayat utuh: { $count } peristiwa bertaut dan tersegel; ujung { $count }:{ $head }
cli-audit-note-head = (Catat ujung ini di luar siaga: ujung berikutnya harus berlanjut darinya. Kunci segel, chain.key di samping penyimpanan, tidak pernah ikut dicadangkan: simpan salinannya terpisah.)
cli-exported-one = { $count } aduan diekspor (disamarkan)
cli-exported = { $count } aduan diekspor (disamarkan)
cli-exported-unredacted-one = { $count } aduan diekspor TANPA SAMARAN (tercatat di riwayat masing-masing)
cli-exported-unredacted = { $count } aduan diekspor TANPA SAMARAN (tercatat di riwayat masing-masing)
cli-cannot-create = tidak dapat membuat { $path } (berkas itu belum boleh ada)
cli-backup-written = cadangan ditulis: { $path } ({ $bytes } bita, { $records } rekaman, { $inquiries } aduan)
cli-backup-head = ujung riwayat saat dicadangkan: { $head }
cli-backup-key-apart = kunci segel riwayat (chain.key di samping penyimpanan) tidak ikut dicadangkan: simpan salinannya terpisah, untuk `siaga restore --key` di host lain
cli-check-checked = { $count } aduan diperiksa
cli-check-repaired = diperbaiki: { $problem }
cli-check-repairable = dapat diperbaiki (jalankan dengan --repair): { $problem }
cli-check-not-repairable = TIDAK dapat diperbaiki: { $problem }
cli-check-clean = semua indeks sesuai dengan data aduan
cli-restore-moved-aside = penyimpanan sebelumnya dipindahkan ke { $path }
cli-restored = { $count } aduan dipulihkan ke { $path }
cli-restore-intact = riwayat utuh: { $count } peristiwa; ujung { $head }
cli-restore-broken = riwayat RUSAK: { $link }
cli-restore-key-hint = Jika cadangan berasal dari penyimpanan lain, pulihkan lagi dengan --key <chain.key-nya>; untuk memercayai riwayat ini apa adanya, jalankan `siaga audit reseal`.
cli-restore-needs-repair = indeks perlu diperbaiki: jalankan `siaga check --repair`
cli-store-damaged = penyimpanan di { $path } tidak dapat dibuka: rusak ({ $detail })
cli-salvage-hint = Salin yang masih terbaca ke penyimpanan baru: `siaga salvage --into NEW_DIR`
cli-salvaged-hint = Penyimpanan yang rusak dibiarkan apa adanya. Untuk bekerja dengan hasil penyelamatan: siaga --data-dir { $path } (atau pindahkan ke tempatnya)
cli-salvage-result =
    { $done ->
        [yes] penyelamatan memulihkan
       *[no] penyelamatan dapat memulihkan
    } { $inquiries } dari { $expected } aduan ({ $records } rekaman); penyimpanan dibuka { $opened }
cli-salvage-unreadable = tidak terbaca: { $what }
cli-opened-as-is = apa adanya
cli-opened-without-unfinished = tanpa salinan terakhirnya yang belum selesai
cli-opened-log-only = hanya dari lognya, sampai rekaman rusak pertama (yang ditulis sesudahnya hilang)

## Mode: `siaga demo`, meja piket, `siaga ingest`, `siaga serve`.
cli-demo-feed-starting = memulai umpan demo
cli-creating = membuat { $path }
cli-writing = menulis { $path }
cli-no-sources = tidak ada [[sources]] di konfigurasi; lihat contohnya dengan `siaga config default`
cli-ingest-daemon-fetches = siaga serve memegang antrean dan mengambil dari setiap sumber sendiri; kesehatan sumbernya tampil di bilah status `siaga`
cli-source-not-started = { $source }: tidak dijalankan: { $why }
cli-ingest-counts = { $source }: { $new } baru, { $followups } pesan susulan, { $duplicate } duplikat, { $skipped } dilewati, { $unreadable } tak terbaca
cli-ingest-cut = { $source }: penelusuran terhenti lebih awal: { $cut }; dilanjutkan pada pengambilan berikutnya
cli-ingest-failed = { $source }: gagal: { $why }
cli-cut-pages = berhenti setelah { $n } halaman (max_pages)
cli-cut-time = berhenti setelah { $n } detik (max_walk_secs)
cli-cut-repeated-token = platform mengulang token halaman
cli-cut-not-advancing = platform mengabaikan min_id (tidak ada halaman yang lebih baru)
cli-store-locked = penyimpanan di { $path } sedang dipakai proses siaga lain{ $holder }.
cli-store-locked-what-to-do = Tutup siaga itu, atau jika `siaga serve` berjalan di host ini, jalankan siaga sebagai kliennya.
cli-no-daemon-answers = Tidak ada `siaga serve` yang menjawab di { $socket }; jika daemon seharusnya berjalan, jalankan (systemctl start siaga), atau tutup siaga yang lain.
cli-cannot-listen = tidak dapat mendengarkan di { $socket }: { $why }
cli-serve-listening = siaga serve: siap menerima sambungan di { $socket }

## Akhir sebuah perintah: galat penyimpanan dan daemon (`describe`).
store-the-store = penyimpanan
store-disk-full = disk tempat { $place } penuh ({ $detail }): tidak ada bagian perubahan ini yang tersimpan; kosongkan sebagian ruang lalu coba lagi (tidak perlu memulai ulang)
store-file-too-large = sebuah berkas di { $place } mencapai ukuran terbesar yang boleh ditulis proses ini ({ $detail }): tidak ada bagian perubahan ini yang tersimpan; kosongkan sebagian ruang lalu coba lagi (tidak perlu memulai ulang)
store-damaged = penyimpanan rusak: { $detail }.
store-damaged-at = penyimpanan di { $path } rusak: { $detail }.
store-damaged-what-to-do = `siaga check` menyebutkan yang tidak terbaca; `siaga salvage --into NEW_DIR` menyalin semua yang masih terbaca ke penyimpanan baru
store-not-found = aduan { $id } tidak ada
store-refused = ditolak: { $why }
store-claimed-by = aduan { $id } sedang diambil oleh { $holder }; konfirmasi untuk mengambil alih
store-claimed-by-since = aduan { $id } diambil oleh { $holder } sejak { $since }; konfirmasi untuk mengambil alih
store-snapshot-set-aside = cuplikan penyimpanan { $name } yang belum selesai ({ $bytes } bita, tertinggal karena disk penuh atau crash saat ditulis) disisihkan sebagai { $aside } dan penyimpanan dibuka dari log-nya
daemon-absent = tidak ada daemon yang menjawab di { $socket }
daemon-version = daemon menolak klien ini: daemon memakai protokol { $daemon }, siaga ini { $client }; gunakan versi siaga yang sama untuk keduanya
daemon-refused = daemon menolak klien ini: { $why }
daemon-io = komunikasi dengan daemon gagal: { $why }
cli-group-would-send = #{ $id } akan menerima ({ $channel }): { $text }
cli-group-queued = #{ $id } dijawab: { $reply } ({ $channel })
cli-group-held = #{ $id } ditahan untuk Anda periksa sendiri: { $signals }
cli-group-skipped = #{ $id } dilewati: { $why }
cli-group-summary = { $group }: { $queued } dari { $members } dijawab dengan { $template }; { $held } ditahan, { $skipped } dilewati
cli-group-summary-dry-run = { $group }: { $queued } dari { $members } akan dijawab dengan { $template }; { $held } ditahan, { $skipped } dilewati (uji coba: tidak ada yang diantrekan)
cli-group-progress = terkirim { $sent }, gagal { $failed }, antre { $queued } dari { $of }
cli-group-daemon-sends = daemon yang mengirimnya, berjarak sesuai batas platform; pantau dengan `siaga outbox`
cli-group-left-to-outbox = sisanya tetap di kotak keluar: `siaga` atau `siaga serve` berikutnya yang mengirimnya
cli-group-split = #{ $id } keluar dari { $group }: sendiri mulai sekarang (tercatat dalam riwayatnya)
cli-group-joined = { $from } digabung ke { $into }: { $moved } pindah, kini { $size } anggota (tercatat dalam riwayat masing-masing)
group-skip-not-member = bukan anggota kelompok ini
group-skip-closed = sudah ditutup
group-skip-answered = sudah dijawab
group-skip-withheld = dihapus atau dibatasi: tidak boleh dijawab
group-skip-refused = balasan ditolak: { $detail }
cli-group-escalated = { $group } diteruskan sebagai { $escalation }: { $rows } anggota dalam daftarnya
cli-group-no-template = { $group }: sebutkan templat (--template): tidak ada anggotanya dalam krisis terbuka yang bertemplat

# Kata-kata clap sendiri di sekitar teks bantuan.
clap-usage = Penggunaan:
clap-options = Opsi
clap-arguments = Argumen
clap-commands = Perintah
clap-help = Tampilkan bantuan
clap-help-more = Tampilkan bantuan (lebih lengkap dengan '--help')
clap-help-summary = Tampilkan bantuan (ringkasnya dengan '-h')
clap-version = Tampilkan versi
clap-help-command = Tampilkan bantuan ini atau bantuan perintah yang disebut
clap-default = [bawaan: { $value }]

# Pemeriksaan makna konfigurasi (`siaga config check`), setelah BERKAS:BARIS.
config-out-of-range = { $key } = { $value } di luar rentang; gunakan { $min } sampai { $max }
config-no-views = perlu sedikitnya satu entri [[views]]
config-view-no-name = setiap tampilan memerlukan `name`
config-view-twice = dua tampilan bernama `{ $name }`
config-view-no-status = tampilan memerlukan sedikitnya satu status
config-no-close-reasons = sebutkan sedikitnya satu alasan penutupan
config-unknown-category = kategori `{ $name }` di [retention.categories] tidak dikenal; yang dikenal: { $known }
config-days-out-of-range = { $name } = { $days } hari di luar rentang; gunakan 1 sampai 36500
config-crisis-factor = crisis.factor = { $factor } di luar rentang; gunakan 1.5 sampai 100
config-reply-empty = `reply.{ $field }` kosong; templat akan mengirim isian kosong
config-default-desk = default_desk `{ $desk }` bukan kode Perwakilan
config-ack-within-missing = ack_within tidak memuat batas tanda terima untuk { $priority }
config-not-email = `{ $address }` bukan alamat surel
config-secret-both = isi webhook_secret_env atau webhook_secret_file, jangan keduanya
config-smtp-from = `from` `{ $from }` bukan alamat seperti `Desk <desk@example.org>`
config-smtp-password = username memerlukan password_env atau password_file
config-mission-unknown = Perwakilan `{ $code }` tidak ada di direktori; Perwakilan baru memerlukan type, city, country dan iso2
config-webhook-url = webhook_url `{ $url }` bukan URL http(s)
config-webhook-unsigned = Perwakilan `{ $code }` punya webhook_url tetapi tanpa rahasia penanda tangan: isi webhook_secret_env atau webhook_secret_file di [missions.{ $code }] (atau di [escalation], untuk setiap Perwakilan tanpa rahasianya sendiri)
config-mission-secret-both = Perwakilan `{ $code }`: isi webhook_secret_env atau webhook_secret_file, jangan keduanya
config-mission-secret-env = Perwakilan `{ $code }`: webhook_secret_env diisi NAMA variabel lingkungan (misalnya SIAGA_WEBHOOK_SECRET_{ $upper }), bukan rahasianya; nilainya tidak diulang di sini
config-key-mode = mode tombol `{ $mode }` tidak dikenal; mode yang ada: { $modes }
config-base-url = base_url `{ $url }` bukan URL http(s)
config-source-no-name = setiap sumber memerlukan `name`, misalnya "kemlu-x"
config-source-twice = dua sumber bernama `{ $name }`; nama harus unik
config-template-no-name = setiap templat memerlukan `name`
config-template-twice = dua templat bernama `{ $name }`
config-more-problems = dan { $count } masalah lain; perbaiki yang ini dulu
cli-triage-trained = model yang belajar dilatih dengan { $examples } keputusan dalam { $ms } ms: { $features } kata dan pasangan kata, { $categories } kategori, { $tags } tanda; { $suggested } permohonan terbuka mendapat usulan baru; dipakai untuk setiap permohonan yang masuk mulai sekarang
cli-triage-eval-head = model yang belajar dilatih dengan { $trained } keputusan, diukur dengan { $held } yang disisihkan:
cli-triage-eval-class = { $class }: presisi { $precision }, recall { $recall } ({ $support } keputusan)
cli-triage-eval-priority = prioritas
cli-triage-eval-category = kategori

## Yang dikatakan pembaca TOML tentang konfigurasi, dengan kata-kata katalog
config-not-toml = bukan TOML yang sah: { $detail }
config-value-refused = nilai ditolak: { $detail }
config-unknown-key = kunci `{ $key }` tidak dikenal; tabel ini menerima { $known }
config-unknown-key-none = kunci `{ $key }` tidak dikenal; tabel ini tidak menerima kunci
config-unknown-choice = nilai `{ $value }` tidak dikenal; pilih salah satu dari { $known }
config-missing-key = kunci `{ $key }` wajib diisi
config-duplicate-key = kunci `{ $key }` diisi dua kali
config-wrong-type = { $found } bukan jenis nilai yang tepat di sini; seharusnya { $expected }
config-wrong-value = { $found } bukan nilai yang diterima kunci ini; seharusnya { $expected }
config-kind = { $kind ->
        [text] teks
        [integer] bilangan bulat
        [count] bilangan bulat, 0 atau lebih
        [number] bilangan
        [boolean] true atau false
        [list] daftar
        [table] tabel
       *[character] satu karakter
    }
config-kind-valued = { $kind ->
        [text] teks { $value }
        [boolean] { $value }
        [list] daftar
        [table] tabel
       *[number] bilangan { $value }
    }
config-unreadable = berkas konfigurasi tidak bisa dibaca: { $why }
config-not-a-file = konfigurasi bukan berkas biasa (pipa, perangkat, atau direktori)
config-too-big = berkas konfigurasi berukuran { $bytes } bita; konfigurasi paling besar { $max } (1 MiB)

## Kesalahan baris perintah dari clap, dengan kata-kata meja
clap-error = kesalahan: { $what }
clap-error-more = Untuk keterangan lebih lanjut, coba '--help'.
clap-error-tip = saran: mungkin { $suggested }
clap-error-unknown-argument = argumen '{ $arg }' tidak dikenal
clap-error-unknown-command = perintah '{ $command }' tidak dikenal
clap-error-invalid-value = nilai '{ $value }' tidak sah untuk '{ $arg }'
clap-error-valid-values = nilai yang bisa dipakai: { $values }
clap-error-value-refused = nilai '{ $value }' tidak sah untuk '{ $arg }': { $why }
clap-error-missing-argument = argumen wajib ini belum diberikan: { $args }
clap-error-missing-command = '{ $command }' memerlukan subperintah, tetapi tidak ada yang diberikan
clap-error-conflict = argumen '{ $arg }' tidak bisa dipakai bersama '{ $other }'
clap-error-too-many = nilai '{ $value }' untuk '{ $arg }' berlebih; tidak ada nilai lain yang diharapkan
clap-error-values-count = jumlah nilai untuk '{ $arg }' tidak tepat
clap-error-no-equals = tanda sama dengan diperlukan untuk memberi nilai pada '{ $arg }'
clap-error-number = { $kind ->
        [empty] tidak ada angka
        [digit] bukan angka bulat
        [size] angkanya terlalu besar
       *[other] bukan angka yang diterima
    }
config-account-id-empty = account_id kosong: hapus saja, siaga mengetahuinya dari akun pemilik token
config-account-id-number = account_id X berupa angka (id pengguna, bukan @nama)
config-token-both = isi token_env atau token_file, jangan keduanya
config-token-none = sumber ini tidak punya token: isi token_env = "VAR" atau token_file = "/path" (0600)
config-token-env-name = token_env berisi NAMA variabel lingkungan (misalnya SIAGA_X_TOKEN), bukan tokennya; nilainya tidak diulang di sini
config-source-range = { $field } harus { $min } sampai { $max }
config-searches-x-only = searches hanya untuk sumber X
duration-not-a-length = `{ $text }` bukan lama tunda seperti 30m, 4h, atau 2d
duration-out-of-range = `{ $text }`: lama tunda 1 menit sampai 90 hari
config-deadline-length = `{ $text }` bukan tenggat seperti 30m, 4h, atau 2d (1 menit sampai 90 hari)
zone-unknown = `{ $name }` bukan zona waktu; pakai nama IANA seperti "Asia/Jakarta"
keys-not-a-key = `{ $key }` bukan nama tombol (coba `j`, `Enter`, `C-d`, `F5`)
keys-unknown-action = tindakan `{ $action }` tidak dikenal untuk `[keys.{ $mode }]`; tindakan yang ada: { $actions }
template-lone-brace = ada `{"}"}` tanpa pasangan; tulis `{"}}"}` untuk kurung kurawal biasa
template-unclosed-brace = ada `{"{"}` yang tidak ditutup; tulis `{"{{"}` untuk kurung kurawal biasa
template-unknown-placeholder = { $count ->
        [one] isian { $named } tidak dikenal
       *[other] isian { $named }{ $more ->
            [0] {""}
           *[other] , dan { $more } lainnya
        } tidak dikenal
    }; yang dikenal: { $known }
template-no-text = templat `{ $name }` tidak punya teks `{ $field }`
template-too-long = templat `{ $name }` ({ $field }) bisa mencapai { $count } dari { $max } karakter { $platform } bila isiannya panjang; persingkat
config-source-at-least = { $field } paling sedikit { $min }
config-kind-up-to = bilangan bulat 0 sampai { $max }
