# help: `siaga --help`, `--help` setiap perintah, dan `siaga help <perintah>`.
# Id-nya sama dengan en/help.ftl (yang sama persis dengan teks clap);
# istilah menurut docs/glossary.md. Baris baru ditulis {"\u000A"}.

## siaga
help-about = Meja piket di terminal bagi petugas piket untuk memilah aduan Pelindungan WNI dari akun media sosial Kementerian
help-long-about = siaga: meja piket untuk aduan Pelindungan WNI.{"\u000A"}{"\u000A"}Mengambil sebutan dan pesan pribadi yang ditujukan ke akun Kementerian ke dalam antrean yang tahan gangguan, yang paling mendesak lebih dulu, untuk dipilah dari papan ketik. Jalankan tanpa perintah untuk UI terminal; `siaga demo` tidak memerlukan akun.
help-after = Tombol di UI: j/k atau panah pindah, g/G awal/akhir, PgUp/PgDn, Enter membuka, Esc kembali, Tab tampilan berikutnya, / cari, Space tandai, c ambil, t label, x tutup, s tunda, n catatan, p/C prioritas/kategori, u batalkan, r balas (E: di $EDITOR), e teruskan ke Perwakilan, A catat tanda terimanya, H serah terima piket, ? semua tombol, q keluar. Menulis balasan: C-s kirim, C-t publik atau pribadi, C-l bahasa, C-x $EDITOR, Esc buang. Eskalasi: Tab ringkasan atau catatan, C-p tingkat keparahan, C-s kirim. Di rincian: R kirim ulang balasan yang gagal, X tarik balasan yang belum terkirim. Ubah tombol di [keys.*] konfigurasi Anda.{"\u000A"}{"\u000A"}Selama `siaga serve` berjalan ([daemon] socket), siaga dan setiap perintah menjadi kliennya; petugas dikenali dari login Unix-nya.{"\u000A"}{"\u000A"}Istilah pencarian: tag: status: prio: cat: lang: source: from: ditambah kata bebas (pencocokan fuzzy).{"\u000A"}{"\u000A"}Lingkungan: NO_COLOR=1 menggambar tanpa warna; SIAGA_LOG=debug mencatat lebih rinci. Token dibaca dari variabel atau berkas 0600 yang disebut setiap entri [[sources]], tidak pernah dari teks konfigurasi. Log: $XDG_STATE_HOME/siaga/siaga.log.
help-config = Berkas konfigurasi yang digabungkan di atas bawaan [bawaan: $XDG_CONFIG_HOME/siaga/config.toml]
help-data-dir = Tempat antrean disimpan [bawaan: store.data_dir, atau $XDG_DATA_HOME/siaga]
help-lang = Bahasa meja piket kali ini: id (Bahasa Indonesia) atau en [bawaan: [ui] language, lalu locale (LANG), lalu en]

## Antrean: `siaga demo`, `ingest`, `list`, `show`, `tag`, `claim`, `assign`, `close`.
help-demo-about = UI dengan umpan demo bawaan (X API v2 di 127.0.0.1); tanpa akun. Memakai direktori data sementara kecuali --data-dir diberikan
help-ingest-about = Ambil dari setiap sumber yang dikonfigurasi
help-ingest-once = Ambil sekali, cetak hitungan per sumber, keluar dengan status bukan nol jika ada sumber yang gagal
help-list-about = Daftar antrean, yang paling mendesak lebih dulu
help-list-json = Satu objek JSON per baris (nomor tersamar seperti di layar, kecuali dengan --reveal)
help-list-reveal = Tampilkan nomor tersamar dan teks tersembunyi (dicatat di riwayat setiap aduan yang didaftar)
help-list-status = Hanya status ini (boleh diulang) [bawaan: yang terbuka]
help-list-limit = Paling banyak sejumlah ini
help-list-search = Hanya yang cocok, yang paling cocok lebih dulu: kata bebas ditambah istilah saring (tag: status: prio: cat: lang: source: from:), seperti `/` di UI
help-list-view = Tampilan dari konfigurasi (`Inbox`, `Mine`, `Private`, ...) sebagai ganti --status
help-show-about = Satu aduan beserta riwayatnya
help-show-json = Satu objek JSON (nomor tersamar seperti di layar, kecuali dengan --reveal)
help-show-reveal = Tampilkan nomor tersamar dan teks tersembunyi (dicatat di riwayatnya)
help-tag-about = Beri label pada aduan (awali label dengan - untuk menghapusnya)
help-claim-about = Ambil aduan untuk Anda tangani (login Unix Anda)
help-claim-take-over = Ambil alih dari rekan yang memegangnya (dicatat)
help-assign-about = Serahkan aduan ke rekan (pengalihan oleh supervisor; dicatat; login di host ini atau yang tercantum di [daemon] officers atau supervisors)
help-assign-to = Login rekan tersebut
help-close-about = Tutup aduan dengan alasan

## Balasan: `siaga reply`, `outbox`.
help-reply-about = Jawab aduan dengan templat, lewat kotak keluar. Tanpa daemon yang berjalan, balasan langsung dikirim dan id platformnya dicetak
help-reply-template = Nama templat (lihat config/templates.toml)
help-reply-reply-lang = Bahasa templat balasan [bawaan: bahasa aduan]. (`--lang` sebelum perintah adalah bahasa siaga sendiri.)
help-reply-private = Jawab secara pribadi (pesan pribadi di X, pesan langsung di Mastodon)
help-reply-public = Jawab di publik meskipun kategorinya biasanya dijawab secara pribadi
help-reply-wait = Lama maksimum mencoba ulang sebelum menyerahkannya ke kotak keluar
help-outbox-about = Kotak keluar balasan: daftar yang tertunda, gagal, dan terkirim
help-outbox-json = Satu objek JSON per baris
help-outbox-recent = Berapa banyak balasan terkirim atau dibatalkan yang didaftar
help-outbox-send-about = Kirim semua balasan yang tertunda sekarang (dan cocokkan kembali yang hasilnya tidak diketahui)
help-outbox-send-wait = Lama maksimum mencoba ulang
help-outbox-retry-about = Kirim ulang balasan yang gagal
help-outbox-cancel-about = Tarik balasan yang belum terkirim

## Eskalasi: `siaga escalate`, `ack`, `escalations`.
help-escalate-about = Teruskan aduan ke meja piket Perwakilan (surel dan/atau webhook bertanda tangan). Tanpa --mission, ke Perwakilan yang disarankan dari tempat yang disebut dalam teks. Tanpa daemon yang berjalan, eskalasi langsung diantar
help-escalate-mission = Kode Perwakilan di direktori (riyadh, kotakinabalu, tawau, ...)
help-escalate-severity = P1 sampai P4 [bawaan: prioritas aduan]; menentukan tenggat
help-escalate-summary = Satu baris untuk Perwakilan [bawaan: kategori dan baris pertama teks]
help-escalate-note = Catatan petugas untuk Perwakilan
help-escalate-via = Anda sendiri yang menghubungi Perwakilan: `phone` atau `whatsapp`. Dicatat dengan tenggat dan tanda terima yang sama; tidak ada yang dikirim
help-escalate-reached = Dengan --via: orang di Perwakilan yang Anda ajak bicara atau surati
help-escalate-wait = Lama maksimum mencoba ulang sebelum menyerahkannya ke kurir
help-ack-about = Catat bahwa Perwakilan telah menerima eskalasi aduan
help-ack-by = Siapa di Perwakilan yang mengonfirmasi
help-ack-how = Bagaimana: "telepon", "balasan surel", ...
help-escalations-about = Eskalasi: yang terbuka (atau --json, yang terakhir dari keadaan apa pun)
help-escalations-deliver-about = Antar yang sudah waktunya dan tandai yang lewat batas, sekarang
help-groups-about = Kelompok permohonan yang nyaris sama (ratusan "evakuasi keluarga saya" saat krisis): jumlah, label, tempat, dan prioritas paling mendesak
help-groups-json = Satu objek JSON per baris
help-group-about = Tangani satu kelompok permohonan yang nyaris sama sekaligus
help-group-reply-about = Jawab setiap anggota (atau hanya --only) dengan satu templat: masing-masing menerima balasannya sendiri, dalam bahasa dan kanalnya, berjarak sesuai batas platform. Anggota yang permohonannya memuat hal yang tidak ada pada yang lain (nomor paspor, anak, luka) ditahan dan didaftar
help-group-reply-group = Kelompoknya (g12, seperti yang ditampilkan `siaga groups`)
help-group-reply-template = Nama templat (lihat config/templates.toml) [bawaan: templat krisis terbuka yang menandai anggotanya]
help-group-reply-only = Jawab hanya anggota ini (nomor pertanyaan, dipisah koma)
help-group-reply-dry-run = Tampilkan apa yang akan diterima setiap anggota; tidak ada yang diantrekan atau dikirim
help-group-reply-wait = Tanpa daemon: paling lama terus mengirim sebelum sisanya diserahkan ke kotak keluar (dikirim oleh `siaga` atau `siaga serve` berikutnya)
help-group-escalate-about = Teruskan seluruh kelompok ke satu Perwakilan: satu eskalasi yang memuat setiap anggota terbuka sebagai baris daftarnya (CSV di surel, larik JSON di webhook); anggota yang bergabung kemudian dikirim sebagai tambahan
help-group-escalate-group = Kelompoknya (g12, seperti yang ditampilkan `siaga groups`)
help-group-escalate-mission = Kode perwakilan [bawaan: perwakilan yang paling sering disebut anggotanya]
help-group-escalate-severity = P1 sampai P4 [bawaan: milik anggota paling mendesak]; menentukan tenggat
help-group-escalate-summary = Satu baris untuk perwakilan [bawaan: jumlah dan label kelompok]
help-group-escalate-note = Catatan petugas untuk perwakilan
help-group-escalate-wait = Tanpa daemon: paling lama terus mencoba sebelum diserahkan ke kurir
help-group-split-about = Keluarkan satu anggota dari kelompoknya: sendiri mulai sekarang, tercatat dalam riwayatnya
help-group-split-inquiry = Anggotanya (nomor pertanyaan)
help-group-join-about = Gabungkan kelompok kedua ke yang pertama: anggotanya pindah, tercatat dalam riwayat masing-masing
help-group-join-into = Kelompok yang tetap (g12, seperti yang ditampilkan `siaga groups`)
help-group-join-from = Kelompok yang anggotanya pindah ke yang pertama
help-crisis-about = Krisis di meja: buka satu (permohonannya ditandai krisis:NAMA), tutup, dan tampilkan semuanya dengan hitungan terkini
help-crisis-open-about = Buka krisis: tandai permohonan terbuka 72 jam terakhir yang menyebut tempat atau kata kuncinya, dan setiap permohonan cocok yang datang sesudahnya
help-crisis-open-name = Namanya: huruf, angka, dan '-' (sudan-2026)
help-crisis-open-places = Tempat yang disebut permohonannya, dipisah koma (Khartoum,Omdurman)
help-crisis-open-keywords = Kata yang diucapkan permohonannya, dipisah koma (evakuasi,evacuate)
help-crisis-open-template = Templat balasan untuk permohonannya
help-crisis-close-about = Tutup krisis: yang datang tidak lagi ditandai; catatan dan tandanya tetap
help-crisis-close-name = Nama krisisnya
help-crisis-list-about = Semua krisis: terbuka atau ditutup, tempatnya, permohonan yang ditandai, yang datang dalam satu jam terakhir, dan grafik garis 2 jam terakhir
help-crisis-list-json = Satu objek JSON per baris

## Daemon dan piket: `siaga serve`, `shift`.
help-serve-about = Daemon: memegang penyimpanan, menjalankan pengambilan, pengirim balasan, dan kurir eskalasi, serta melayani `siaga` para petugas lewat soket Unix ([daemon] socket). Berhenti dengan rapi saat SIGTERM
help-shift-about = Serah terima piket: yang Anda (atau --officer) pegang, balasan tertunda atau gagal, eskalasi menunggu tanda terima, janji menghubungi kembali (tundaan yang Anda buat, diambil atau tidak), catatan
help-shift-officer = Petugas piket yang selesai bertugas [bawaan: Anda]
help-shift-markdown = Markdown untuk log piket
help-shift-accept-about = Ambil alih semua aduan yang dipegang petugas piket sebelumnya (dicatat di riwayat setiap aduan)
help-shift-accept-from = Login petugas piket sebelumnya

## Arsip: `siaga subject`, `purge`, `hold`, `audit`, `export`, `report`.
help-subject-about = Data seseorang: temukan semua yang disimpan tentangnya, hapus, atau batasi pemrosesannya (permintaan subjek data menurut UU 27/2022)
help-subject-find-about = Daftar semua yang disimpan tentang seseorang: yang ditulisnya, balasan kepadanya, eskalasi, dan aduan lain yang menyebutnya
help-subject-find-handle = Nama akunnya (`budi`, `@budi`, `budi@mastodon.social`) atau id platformnya
help-subject-erase-about = Hapus data pribadi seseorang (teks, nama akun, id, catatan, teks balasan, paket eskalasi), menyisakan statistik tanpa isi. Aduan yang ditahan untuk keperluan hukum, atau yang balasan atau eskalasinya sedang berjalan, tetap disimpan dan didaftar. Di meja piket bersama: hanya supervisor
help-subject-erase-reason = Bagaimana permintaan itu datang, untuk dicatat ("surel 20 Nov, ref 123")
help-subject-erase-yes = Tanpa ini, hanya daftar yang akan dihapus
help-subject-restrict-about = Batasi pemrosesan data seseorang: disimpan, disembunyikan, tidak pernah dijawab atau diteruskan; pesan barunya juga dibatasi
help-subject-restrict-lift = Cabut pembatasan
help-purge-about = Musnahkan isi pribadi aduan yang ditutup dan sudah melewati masa simpan ([retention]), menyisakan statistik tanpa isi. Daemon melakukannya sendiri setiap hari
help-purge-dry-run = Hanya daftar yang akan dihapus (siapa pun boleh)
help-purge-json = Satu objek JSON
help-hold-about = Tahan aduan untuk keperluan hukum (tidak pernah dimusnahkan atau dihapus), atau cabut dengan --release
help-hold-reason = Alasannya (nomor perkara, perintah pengadilan); dicatat
help-audit-about = Riwayat bersegel, yang menampakkan setiap perubahan diam-diam
help-audit-verify-about = Periksa seluruh rantai riwayat; sebutkan mata rantai pertama yang putus
help-audit-reseal-about = Mulai lagi segel riwayat dengan chain.key baru, memercayai riwayat sebagaimana tersimpan sekarang: setelah rantai atau kuncinya hilang (penyimpanan menolak dibuka dan mengatakannya). Luring, sebagai pemilik penyimpanan; dicatat di log sebagai peringatan beserta ujung yang baru
help-export-about = Ekspor aduan yang diterima dalam suatu periode, satu baris per aduan. Disamarkan kecuali --unredacted (hanya supervisor; dicatat di riwayat setiap aduan)
help-export-format = csv atau jsonl
help-export-from = Hari pertama (YYYY-MM-DD, waktu setempat), termasuk
help-export-to = Hari terakhir (YYYY-MM-DD, waktu setempat), termasuk
help-export-unredacted = Nama, nama akun, dan nomor apa adanya seperti diterima
help-export-out = Tulis ke berkas baru ini (dibuat 0600), bukan ke keluaran standar
help-report-about = Statistik dalam Markdown: jumlah menurut kategori, prioritas, saluran, Perwakilan; median waktu hingga balasan pertama (sejak unggahan warga, dan sejak diambil siaga) dan hingga tanda terima. Bawaan: 24 jam terakhir (satu piket)
help-report-month = Satu bulan kalender, YYYY-MM
help-report-from = Hari pertama (YYYY-MM-DD, waktu setempat), termasuk
help-report-to = Hari terakhir (YYYY-MM-DD, waktu setempat), termasuk

## Penyimpanan: `siaga backup`, `restore`, `salvage`, `check`.
help-backup-about = Salin seluruh penyimpanan ke berkas baru, secara konsisten, selama siaga berjalan (lewat daemon jika ada yang berjalan: hanya supervisor)
help-restore-about = Buat penyimpanan dari cadangan. `siaga serve` harus dihentikan. Penyimpanan yang ada disisihkan dengan --replace, tidak pernah dihapus
help-restore-key = chain.key penyimpanan asal cadangan (cadangan tidak pernah memuatnya; simpan terpisah). Tanpanya, kunci yang sudah ada di direktori data memeriksa segel riwayat yang dipulihkan
help-salvage-about = Salin semua yang masih terbaca dari penyimpanan yang rusak (aduan, riwayat, balasan, eskalasi) ke penyimpanan baru di direktori baru, dan sebutkan apa yang tidak terbaca. Penyimpanan yang rusak dibiarkan apa adanya. `siaga serve` harus dihentikan
help-salvage-into = Direktori data baru (belum boleh berisi penyimpanan)
help-check-about = Periksa setiap indeks terhadap aduan; --repair membangun ulang yang dapat diturunkan lagi dan melaporkan sisanya. Penyimpanan yang terlalu rusak untuk dibuka disurvei sebagai gantinya: apa yang akan dipulihkan oleh penyelamatan
help-check-repair = Bangun ulang yang dapat diturunkan lagi (lewat daemon: hanya supervisor)

## `siaga config`, `completions`, `man`.
help-config-about = Urusan konfigurasi
help-config-check-about = Periksa konfigurasi dan cetak setiap masalah beserta barisnya. Tidak ada yang dikirim ke jaringan kecuali --online diberikan
help-config-check-online = Tanyakan juga ke platform setiap sumber, akun mana pemilik tokennya, dan apakah itu account_id-nya
help-config-default-about = Cetak bawaan yang diberi komentar (titik awal untuk berkas Anda sendiri)
help-completions-about = Cetak skrip pelengkapan shell, mis. `siaga completions bash > /usr/share/bash-completion/completions/siaga`
help-completions-shell = bash, zsh, fish, elvish atau powershell
help-man-about = Cetak halaman manual (roff), mis. `siaga man > siaga.1`
help-triage-about = Model yang belajar: latih dengan keputusan petugas yang tercatat, atau ukur dengan keputusan yang belum pernah dilihatnya
help-triage-train-about = Latih model dengan setiap keputusan yang tercatat di penyimpanan (prioritas dan kategori yang diubah tangan, tanda, eskalasi, penutupan) dan pakai untuk antrean terbuka dan setiap permohonan yang masuk mulai sekarang; siaga juga melakukannya setiap malam
help-triage-train-json = Satu objek JSON
help-triage-eval-about = Latih dengan empat perlima keputusan dan cetak presisi dan recall per prioritas dan kategori pada seperlima yang disisihkan; model meja tidak diubah
help-triage-eval-json = Satu objek JSON
