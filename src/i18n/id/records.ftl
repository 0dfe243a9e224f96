# records: lihat docs/glossary.md

## `siaga report`: statistik satu piket atau satu bulan (`--json`-nya dan
## hasil ekspor tidak bergantung pada bahasa).
report-heading = Laporan siaga: { $from } s.d. { $to }
report-received = Aduan diterima: **{ $count }**
report-first-reply = Median waktu hingga balasan pertama, sejak unggahan warga: { $median } ({ $count } dijawab)
report-first-reply-fetched = sejak diambil siaga: { $median }
report-ack = Median waktu hingga tanda terima dari Perwakilan: { $median } ({ $count } diterima)
report-by-category = Menurut kategori
report-category = Kategori
report-by-priority = Menurut prioritas
report-priority = Prioritas
report-by-channel = Menurut saluran
report-channel = Saluran
report-by-status = Menurut status saat ini
report-status = Status saat ini
report-by-mission = Menurut Perwakilan tujuan eskalasi
report-mission = Diteruskan ke
report-count = Jumlah
report-none = (tidak ada)
report-not-available = belum ada
report-seconds = { $s } dtk
report-minutes = { $m } mnt { $s } dtk
report-hours = { $h } jam { $m } mnt
report-days = { $d } hari { $h } jam
