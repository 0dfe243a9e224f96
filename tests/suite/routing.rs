//! Routing suggestions over the built-in mission directory
//! (`config/missions.toml`, through `Config::defaults()`): realistic
//! messages, Indonesian and English, many of them the demo seed's, and the
//! mission a duty officer would send each to.

use siaga::config::Config;
use siaga::triage::route::{Gazetteer, Suggestion};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    Id,
    En,
}
use Lang::{En, Id};

/// (language, message, expected mission code or None).
const CASES: &[(Lang, &str, Option<&str>)] = &[
    // --- Indonesian (and Malay), from the demo seed -------------------------
    (
        Id,
        "@Kemlu_RI min tlg adik sy di Riyadh udh 5 bln gaji blm dibayar, paspor ditahan majikan. gmn caranya?",
        Some("riyadh"),
    ),
    (
        Id,
        "@Kemlu_RI @KJRI_HongKong kak sy PRT di Tsuen Wan, gaji dipotong HKD 1.500 tiap bln katanya \"biaya agen\", libur mingguan gak pernah dikasih udh 4 bln.",
        Some("hongkong"),
    ),
    (
        Id,
        "assalamualaikum pak/bu, sy Nurhayati PRT di Jeddah daerah Al Safa. sy dikunci di kamar sm majikan dr kemarin, blm dikasih makan",
        Some("jeddah"),
    ),
    (
        Id,
        "@Kemlu_RI min sy caregiver di Taichung. agensi minta sy tanda tangan surat potong gaji NT$5.000/bln buat \"utang\"",
        Some("taipei"),
    ),
    (
        Id,
        "@Kemlu_RI @KBRIKualaLumpur saya pekerja ladang sawit di Pahang, gaji sudah 3 bulan tak dibayar, permit pun majikan tak mahu sambung.",
        Some("kualalumpur"),
    ),
    (
        Id,
        "@Kemlu_RI TOLONG min, sepupu sy Andi dibawa ke Myawaddy, katanya kerja admin di Thailand tp ternyata di perusahaan scam. dipukul klo gak capai target.",
        Some("yangon"),
    ),
    (
        Id,
        "selamat siang kak, teman sy kerja di Pampanga Filipina, awalnya ditawari CS kasino online. skrg gak blh keluar gedung, paspor dipegang HRD.",
        Some("manila"),
    ),
    (
        Id,
        "@Kemlu_RI TOLONGGGG ADIK SAYA DI KK PARK MYANMAR BARU DISETRUM KARENA MAU KABUR!!! DIA KIRIM LOKASI TADI MALAM.",
        Some("yangon"),
    ),
    (
        Id,
        "@Kemlu_RI assalamualaikum pak bu mohon maaf sy ibu dr Lombok Timur 🙏 anak sy Rini umur 22 berangkat ke Malaysia bln Maret lewat sponsor kampung namanya pak H katanya kerja di kilang tp ternyata jadi pembantu di rumah org di Selangor, sy udh ke Disnaker, ke BP3MI Mataram disuruh nunggu, sy gak punya uang buat ke Jakarta 🙏",
        Some("kualalumpur"),
    ),
    (
        Id,
        "@Kemlu_RI min keponakan sy meninggal kecelakaan kerja di pabrik di Taoyuan Taiwan. kata agensi biaya kirim jenazah NT$200rb, keluarga gak mampu.",
        Some("taipei"),
    ),
    (
        Id,
        "@Kemlu_RI bapak sy ditangkap di Johor Bahru, dituduh bawa sabu, katanya kena pasal 39B hukumannya bisa mati.",
        Some("johorbahru"),
    ),
    (
        Id,
        "@Kemlu_RI min saudara sy ditahan polisi Tawau krn gak ada IC/paspor, udh kerja di ladang sawit 10 thn. tlg dibantu lewat KJRI Tawau 🙏",
        Some("tawau"),
    ),
    (
        Id,
        "pak mohon bantuan, anak sy ditahan di Dubai krn postingan medsos dianggap menghina. sdh 5 hari, HP disita. kami di Surabaya, no sy 0813-1111-2222",
        Some("dubai"),
    ),
    (
        Id,
        "@Kemlu_RI min adik sy dipenjara di Lo Wu (HK) 8 bln krn kasus visa. keluarga mau kirim surat & uang, lewat KJRI bisa?",
        Some("hongkong"),
    ),
    (
        Id,
        "@Kemlu_RI kk sy ditahan di depot imigresen Bukit Jalil, overstay 2 thn. sdh 3 bln gak dideportasi2",
        Some("kualalumpur"),
    ),
    (
        Id,
        "@Kemlu_RI min sy kerja di Ansan Korea, visa E-9 habis thn lalu (ilegal). td pagi ada razia di pabrik, 5 teman sy ditangkap imigrasi",
        Some("seoul"),
    ),
    (
        Id,
        "@Kemlu_RI min kabarnya ada deportasi PMI dr Tawau ke Nunukan minggu ini? suami sy di depot Tawau udh 4 bln",
        Some("tawau"),
    ),
    (
        Id,
        "kak tlg sy. sy PRT di Kuwait, anak laki2 majikan masuk kamar sy malam2 & maksa. mau kabur tp gak tau alamat KBRI. lokasi sy di Salmiya.",
        Some("kuwaitcity"),
    ),
    (
        Id,
        "@Kemlu_RI MIN TOLONG!! tante sy di Kuala Lumpur dipukul majikan pake gagang sapu, kepalanya berdarah. alamatnya di Cheras, skrg dikunci di rumah.",
        Some("kualalumpur"),
    ),
    (
        Id,
        "kak, sy mhs S1 di Kairo. pemilik flat sering masuk tanpa izin & kemarin megang2 sy. bs didampingi KBRI?",
        Some("cairo"),
    ),
    (
        Id,
        "@Kemlu_RI min kakak sy (caregiver) kena stroke di Kaohsiung, skrg di ICU 4 hari. keluarga di Cilacap bingung",
        Some("taipei"),
    ),
    (
        Id,
        "mbak/mas admin, sy WNI di Penang hamil 8 bln, dokumen sy udh mati (overstay). takut ke RS pemerintah nanti ditangkap.",
        Some("penang"),
    ),
    (
        Id,
        "@Kemlu_RI assalamualaikum, ibu sy rombongan umroh plus Turki, tasnya dicopet di Grand Bazaar, paspor ikut hilang. travel blg urus sendiri ke KJRI Istanbul.",
        Some("istanbul"),
    ),
    (
        Id,
        "@Kemlu_RI @KBRITokyo min paspor sy ilang di kereta Yamanote, udh lapor koban. sy pelajar, residence card msh ada.",
        Some("tokyo"),
    ),
    (
        Id,
        "@Kemlu_RI min anak sy lahir di Doha bln lalu, akta kelahiran Qatar sdh ada. cara lapor kelahiran ke KBRI gmn?",
        Some("doha"),
    ),
    (
        Id,
        "selamat malam, mantan suami sy (WN Malaysia) bawa anak kami (5 thn) ke Johor tanpa izin sy, padahal hak asuh sesuai putusan PA Batam ada di sy.",
        Some("johorbahru"),
    ),
    (
        Id,
        "kak mau tanya, sy ditawarin kerja CS di Kamboja gaji 15jt, tiket & visa dibayarin. berangkat lusa lewat Bali trus ke Bangkok. ini aman gak ya kak?",
        Some("phnompenh"),
    ),
    (
        Id,
        "@Kemlu_RI min paspor sy habis bln dpn, sy di KL. perpanjang di KBRI harus janji temu online dulu ya?",
        Some("kualalumpur"),
    ),
    (
        Id,
        "@Kemlu_RI halo kak, sy mhs baru di Leiden. lapor diri skrg lewat portal Peduli WNI ya?",
        Some("denhaag"),
    ),
    (
        Id,
        "@Kemlu_RI min KJRI Hong Kong buka hari minggu gak? temen2 BMI cuma libur minggu, mau ganti paspor 🙏",
        Some("hongkong"),
    ),
    (
        Id,
        "@Kemlu_RI min sy mhs di Tehran, semalem ada ledakan dkt asrama. kami 12 mhs Indonesia di Qom & Tehran. ada rencana evakuasi gak?",
        Some("tehran"),
    ),
    (
        Id,
        "@Kemlu_RI adik sy kerja di Nabatieh, Lebanon Selatan. serangan udara makin dekat, jalan ke Beirut diblokir. KBRI Beirut blm angkat telp.",
        Some("beirut"),
    ),
    (
        Id,
        "@Kemlu_RI min ada info WNI korban gempa di Hualien? istri sy kerja di panti jompo di sana, dr td pagi HP gak aktif.",
        Some("taipei"),
    ),
    (
        Id,
        "@Kemlu_RI kapan sih Indonesia berani tegas soal Laut Natuna Utara? kapal asing keluar masuk seenaknya",
        None,
    ),
    // --- Indonesian, written for these tests --------------------------------
    (Id, "tolong min adik saya hilang kontak", None),
    (Id, "mohon info cara perpanjang paspor", None),
    (
        Id,
        "sepupu sy awalnya kerja dari Malaysia dibawa ke Kamboja, skrg dikurung di gedung",
        Some("phnompenh"),
    ),
    (
        Id,
        "kakak sy kerja di Arab Saudi, sekarang kabur ke KBRI Riyadh",
        Some("riyadh"),
    ),
    (
        Id,
        "kakak sy kerja di Arab udh 3 thn gak digaji, majikan orang Arab galak",
        Some("riyadh"),
    ),
    (
        Id,
        "ibu sy PRT di Sabah, HP disita majikan",
        Some("kotakinabalu"),
    ),
    (
        Id,
        "suami sy kerja di ladang Semporna, sakit gak dibawa ke klinik",
        Some("tawau"),
    ),
    (
        Id,
        "sepupu sy di Malaysia, skrg ditahan polisi Tawau gak ada permit",
        Some("tawau"),
    ),
    (
        Id,
        "ibu sy umroh, terpisah dr rombongan di Makkah",
        Some("jeddah"),
    ),
    (Id, "adik sy di Malang gak bisa dihubungi udh 2 hari", None),
    (
        Id,
        "anak sy dijual ke Sihanoukville sama agen",
        Some("phnompenh"),
    ),
    (
        Id,
        "istri sy PMI di Hongkong, majikan meninggal, gaji blm dibayar",
        Some("hongkong"),
    ),
    (
        Id,
        "TKW di Taiwan, agensi potong gaji tiap bulan",
        Some("taipei"),
    ),
    (
        Id,
        "bisa bahasa Inggris sedikit, mau tanya lowongan yg resmi",
        None,
    ),
    (
        Id,
        "sy di KL mau ke Singapura bsk, paspor aman gak?",
        Some("kualalumpur"),
    ),
    (Id, "tlg kl bisa dibantu min, adik sy gak ada kabar", None),
    (
        Id,
        "suami sy ABK, kapalnya ditahan di pelabuhan Dammam",
        Some("riyadh"),
    ),
    // --- English, from the demo seed ----------------------------------------
    (
        En,
        "@Kemlu_RI My brother is held in a compound in Sihanoukville, Cambodia. Passport taken, forced to run online scams 16 hrs a day.",
        Some("phnompenh"),
    ),
    (
        En,
        "Good evening. I am Indonesian crew on a cargo vessel anchored off Fujairah, UAE. Owner abandoned the ship 4 months ago, no salary.",
        Some("dubai"),
    ),
    (
        En,
        "@Kemlu_RI Hello, my husband (Indonesian, technical intern in Gifu) passed away last week, cremated there per family decision.",
        Some("tokyo"),
    ),
    (
        En,
        "@Kemlu_RI My uncle has been in prison in Dammam since 2019 on a drug charge. Family just heard the verdict could be death.",
        Some("riyadh"),
    ),
    (
        En,
        "@Kemlu_RI Indonesian student in Istanbul here. Had appendix surgery last week, private hospital bill is 180,000 TRY",
        Some("istanbul"),
    ),
    (
        En,
        "@Kemlu_RI @KBRIDenHaag wallet + passport (X 7654321) stolen at Amsterdam Centraal an hour ago. Flight to Jakarta is tomorrow 14:00 from Schiphol.",
        Some("denhaag"),
    ),
    (
        En,
        "@Kemlu_RI got an offer via Telegram: \"data entry\" in Bangkok, USD 1,200/month, they send the ticket. Recruiter says after landing a driver takes us to Mae Sot for \"training\".",
        Some("bangkok"),
    ),
    (
        En,
        "@Kemlu_RI hi, does a Saudi marriage certificate need legalisation at the Indonesian embassy before it can be registered at Dukcapil? thanks",
        Some("riyadh"),
    ),
    (
        En,
        "@Kemlu_RI we are 7 Indonesian students stuck in Omdurman, heavy fighting since morning, no electricity and water running out.",
        Some("khartoum"),
    ),
    (
        En,
        "@Kemlu_RI 🚀 $GARUDA AIRDROP IS LIVE! claim 5000 USDT free before it ends, connect wallet at garuda-airdrop[.]xyz 💰💰 #crypto #airdrop",
        None,
    ),
    // --- English, written for these tests -----------------------------------
    (
        En,
        "transit via Thailand, now held in Myawaddy",
        Some("yangon"),
    ),
    (En, "my sister is a maid in Riyadh", Some("riyadh")),
    (
        En,
        "My brother works in Saudi Arabia, his employer took his passport",
        Some("riyadh"),
    ),
    (
        En,
        "my cousin is stuck in KK Park, please help",
        Some("yangon"),
    ),
    (
        En,
        "my mother is a domestic worker in Hong Kong",
        Some("hongkong"),
    ),
    (
        En,
        "my husband works on a palm oil estate in Sabah",
        Some("kotakinabalu"),
    ),
    (
        En,
        "he has been detained in Tawau, Sabah for 3 months",
        Some("tawau"),
    ),
    (
        En,
        "she was taken to Makkah by her employer and not paid",
        Some("jeddah"),
    ),
    (En, "my friend Jordan has not replied for a week", None),
    (
        En,
        "Indonesian fishermen detained in Broome, Western Australia",
        Some("perth"),
    ),
    (
        En,
        "my son studies in Melbourne and lost his passport",
        Some("melbourne"),
    ),
    (
        En,
        "My aunt works in Taichung, Taiwan as a caregiver",
        Some("taipei"),
    ),
    (
        En,
        "flew from Jakarta via Kuala Lumpur to Dubai, now stranded at the airport",
        Some("dubai"),
    ),
    (
        En,
        "my sister is a nanny in Singapore, employer hits her",
        Some("singapore"),
    ),
    (En, "please help, how do I renew my passport?", None),
    (En, "the agent in Malang promised a job abroad", None),
    (
        En,
        "my uncle is held in Sharjah central jail",
        Some("dubai"),
    ),
    (
        En,
        "trafficked to Poipet from Bangkok last month",
        Some("phnompenh"),
    ),
    (
        En,
        "my brother, a seafarer, is stuck in Busan port",
        Some("seoul"),
    ),
    (
        En,
        "I work in Osaka and my employer withholds my wages",
        Some("osaka"),
    ),
    (
        En,
        "I am in Davao, my passport was stolen",
        Some("davaocity"),
    ),
    (
        En,
        "my relative is in Hat Yai, Thailand and needs help",
        Some("songkhla"),
    ),
    (
        En,
        "Our son is held in the Golden Triangle SEZ in Laos",
        Some("vientiane"),
    ),
    (En, "He works in Shenzhen, Guangdong", Some("guangzhou")),
    (
        En,
        "in Geneva for a conference, lost my passport",
        Some("bern"),
    ),
    (En, "I'm in Jakarta, my brother is in Qatar", Some("doha")),
    (
        En,
        "Sister's employer in Kuwait took her phone",
        Some("kuwaitcity"),
    ),
    (
        En,
        "my cousin in Johor went missing, last seen in JB",
        Some("johorbahru"),
    ),
    (En, "I'm stuck in KL, lost my passport", Some("kualalumpur")),
];

fn gazetteer() -> Gazetteer {
    let config = Config::defaults();
    Gazetteer::new(&config.missions, &config.countries)
}

#[test]
fn realistic_messages_route_to_the_right_mission() {
    let g = gazetteer();
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|(_, text, want)| {
            let got = g.suggest(text);
            (got.as_ref().map(|s| s.mission.as_str()) != *want)
                .then(|| format!("{text:?}\n  want {want:?}, got {got:#?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} misrouted:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_covers_both_languages() {
    let count = |lang| CASES.iter().filter(|(l, _, _)| *l == lang).count();
    assert!(
        count(Id) >= 20 && count(En) >= 20,
        "{} / {}",
        count(Id),
        count(En)
    );
}

fn suggest(text: &str) -> Suggestion {
    gazetteer()
        .suggest(text)
        .unwrap_or_else(|| panic!("no suggestion for {text:?}"))
}

#[test]
fn the_reason_says_where_and_which_mission() {
    let s = suggest("sepupu sy dibawa ke Myawaddy, katanya kerja di Thailand");
    assert_eq!(s.place, "Myawaddy");
    assert_eq!(s.reason, "Myawaddy (named as where they are) → KBRI Yangon");
    assert_eq!(s.others, vec!["Thailand (named as where they are)"]);

    let s = suggest("transit via Thailand, now held in Myawaddy");
    assert_eq!(s.others, vec!["Thailand (origin/transit)"]);

    let s = suggest("sepupu sy di Malaysia, skrg ditahan polisi Tawau");
    assert_eq!(
        s.reason,
        "Tawau (named; inside Malaysia, named as where they are) → KRI Tawau"
    );

    let s = suggest("anak sy dibawa dari Malaysia ke Kamboja");
    assert_eq!(
        s.reason,
        "Kamboja (named as where they are) → KBRI Phnom Penh"
    );
    assert_eq!(s.others, vec!["Malaysia (origin/transit)"]);
}

#[test]
fn both_languages_name_the_same_countries() {
    let g = gazetteer();
    for (names, code) in [
        (
            &["Arab Saudi", "Saudi Arabia", "Saudi", "KSA"][..],
            "riyadh",
        ),
        (&["Malaysia"][..], "kualalumpur"),
        (&["Taiwan"][..], "taipei"),
        (&["Hong Kong", "Hongkong", "HK"][..], "hongkong"),
        (&["Singapura", "Singapore"][..], "singapore"),
        (&["Jepang", "Japan"][..], "tokyo"),
        (
            &["Korea Selatan", "South Korea", "Korsel", "Korea"][..],
            "seoul",
        ),
        (&["Korea Utara", "North Korea"][..], "pyongyang"),
        (&["Uni Emirat Arab", "UAE", "UEA"][..], "abudhabi"),
        (&["Tiongkok", "China", "Cina", "RRT"][..], "beijing"),
        (&["Filipina", "Philippines"][..], "manila"),
        (&["Kamboja", "Cambodia"][..], "phnompenh"),
        (&["Myanmar", "Burma"][..], "yangon"),
        (
            &["Amerika Serikat", "United States", "USA"][..],
            "washington",
        ),
        (&["Kaledonia Baru", "New Caledonia"][..], "noumea"),
        (&["Turki", "Turkiye", "Turkey"][..], "ankara"),
        (&["Mesir", "Egypt"][..], "cairo"),
        (&["Swiss", "Switzerland"][..], "bern"),
    ] {
        for name in names {
            for text in [format!("kerja di {name}"), format!("working in {name}")] {
                let got = g.suggest(&text).map(|s| s.mission);
                assert_eq!(got.as_deref(), Some(code), "{text:?}");
            }
        }
    }
}

#[test]
fn regions_go_to_the_consulate_that_covers_them() {
    let g = gazetteer();
    for (place, code) in [
        ("Sabah", "kotakinabalu"),
        ("Sandakan", "kotakinabalu"),
        ("Tawau", "tawau"),
        ("Semporna", "tawau"),
        ("Lahad Datu", "tawau"),
        ("Makkah", "jeddah"),
        ("Mekkah", "jeddah"),
        ("Madinah", "jeddah"),
        ("Thaif", "jeddah"),
        ("KL", "kualalumpur"),
        ("Selangor", "kualalumpur"),
        ("Myawaddy", "yangon"),
        ("Shwe Kokko", "yangon"),
        ("Sihanoukville", "phnompenh"),
        ("Bavet", "phnompenh"),
        ("Dammam", "riyadh"),
        ("Al Khobar", "riyadh"),
        ("Taichung", "taipei"),
        ("Pingtung", "taipei"),
        ("Johor", "johorbahru"),
        ("Batu Pahat", "johorbahru"),
        ("Perak", "penang"),
        ("Miri", "kuching"),
        ("Sharjah", "dubai"),
        ("Al Ain", "abudhabi"),
        ("Hat Yai", "songkhla"),
        ("General Santos", "davaocity"),
        ("Macau", "hongkong"),
        ("Kobe", "osaka"),
        ("Busan", "seoul"),
        ("Guangdong", "guangzhou"),
        ("Zhejiang", "shanghai"),
        ("Darwin", "darwin"),
        ("Queensland", "sydney"),
    ] {
        let text = format!("adik sy ditahan di {place}");
        let got = g.suggest(&text).map(|s| s.mission);
        assert_eq!(got.as_deref(), Some(code), "{text:?}");
    }
}

#[test]
fn the_deployments_contacts_do_not_change_the_routing() {
    let config = Config::from_user_text(
        "[missions.tawau]\nemail = \"duty@kri-tawau.example\"\nhotline = \"+60 89 000 000\"\n",
        "user.toml",
    )
    .expect("valid");
    let g = Gazetteer::new(&config.missions, &config.countries);
    assert_eq!(
        g.suggest("suami sy di depot Tawau")
            .map(|s| s.mission)
            .as_deref(),
        Some("tawau")
    );
    assert_eq!(
        config.missions["tawau"].covers,
        Config::defaults().missions["tawau"].covers
    );
}

/// Arabic messages, as a citizen's employer or a colleague writes them:
/// (message, expected mission, the place the reason names).
const ARABIC: &[(&str, &str, &str)] = &[
    ("أختي تعمل خادمة في الرياض منذ سنتين", "riyadh", "الرياض"),
    (
        "العاملة الإندونيسية هربت وهي الآن بالرياض",
        "riyadh",
        "الرياض",
    ),
    ("وصلت أمس، والرياض حارة جدا", "riyadh", "الرياض"),
    ("أخي محتجز في جدة ولا نعرف عنه شيئا", "jeddah", "جدة"),
    ("تعمل عند أسرة بمكة المكرمة", "jeddah", "مكة المكرمة"),
    ("هي الآن في المدينة المنورة", "jeddah", "المدينة المنورة"),
    ("زوجي يعمل في الدمام", "riyadh", "الدمام"),
    ("وصلت إلى دبي أمس وجوازها مع الكفيل", "dubai", "دبي"),
    ("تعمل في أبوظبي", "abudhabi", "أبوظبي"),
    ("محتجزة في أبو ظبي", "abudhabi", "أبو ظبي"),
    ("أخي في الدوحة", "doha", "الدوحة"),
    ("الخادمة في الكويت لم تستلم راتبها", "kuwaitcity", "الكويت"),
    ("يعمل في عمّان", "amman", "عمّان"),
    ("ابنتي في القاهرة", "cairo", "القاهرة"),
    ("عالق في الخرطوم بسبب الحرب", "khartoum", "الخرطوم"),
    ("أخي في أم درمان ولا يستطيع الخروج", "khartoum", "أم درمان"),
    ("تعمل في بيروت", "beirut", "بيروت"),
    ("مفقود في دمشق", "damascus", "دمشق"),
    ("ذهب إلى بغداد للعمل", "baghdad", "بغداد"),
    ("وهو الآن ببغداد", "baghdad", "بغداد"),
    ("تعمل في مسقط", "muscat", "مسقط"),
    ("في المنامة منذ شهر", "manama", "المنامة"),
    ("عالقون في صنعاء", "sanaa", "صنعاء"),
    ("في طرابلس", "tripoli", "طرابلس"),
    ("يدرس في تونس", "tunis", "تونس"),
    ("يعمل في الجزائر", "algiers", "الجزائر"),
    ("في الرباط", "rabat", "الرباط"),
    // the country alone goes to its embassy
    ("تعمل في السعودية منذ سنة", "riyadh", "السعودية"),
    ("تعمل في سلطنة عمان", "muscat", "سلطنة عمان"),
];

#[test]
fn arabic_messages_route_to_the_mission_and_name_the_place() {
    let g = gazetteer();
    let failures: Vec<String> = ARABIC
        .iter()
        .filter_map(|(text, mission, place)| {
            let got = g.suggest(text);
            let ok = got
                .as_ref()
                .is_some_and(|s| s.mission == *mission && s.place == *place);
            (!ok).then(|| format!("{text:?}\n  want {mission} ({place}), got {got:#?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn joined_prefixes_and_harakat_do_not_hide_an_arabic_place() {
    let g = gazetteer();
    for text in [
        "في الرياض",
        "بالرياض",
        "والرياض",
        "وبالرياض",
        "فالرياض",
        "للرياض",
        "في الرِّيَاضِ",
        "بِالرِّيَاض",
        "في الريـــاض",
        "في الرياض، السعودية",
    ] {
        let got = g.suggest(text).map(|s| s.mission);
        assert_eq!(got.as_deref(), Some("riyadh"), "{text:?}");
    }
    // Alef with hamza or without, ta marbuta or ha, alef maqsura or ya.
    for text in ["في ابوظبي", "في إربد", "في جده", "فى جدة", "الى جدة"]
    {
        assert!(g.suggest(text).is_some(), "{text:?}");
    }
}

#[test]
fn the_reason_names_the_arabic_place_and_its_role() {
    let s = suggest("أختي محتجزة بالرياض");
    assert_eq!(s.place, "الرياض");
    assert_eq!(s.reason, "الرياض (named as where they are) → KBRI Riyadh");

    let s = suggest("سافرت للرياض");
    assert_eq!(
        s.reason,
        "للرياض (named as where they are going) → KBRI Riyadh"
    );

    let s = suggest("جاءت من الرياض وهي الآن في جدة");
    assert_eq!(s.mission, "jeddah");
    assert_eq!(s.others, vec!["الرياض (origin/transit)"]);

    let s = suggest("في الرِّيَاضِ");
    assert_eq!(s.place, "الرِّيَاضِ");
}

#[test]
fn an_arabic_text_naming_no_place_has_no_suggestion() {
    let g = gazetteer();
    for text in [
        "السلام عليكم، أختي لم تتصل بنا منذ شهرين، أرجو المساعدة",
        "جدة أختي مريضة جدا",
        "بعد صلاة المغرب اتصلت بنا",
        "ضربها بفاس",
        "المدينة مزدحمة جدا اليوم",
        "شكرا جزيلا",
    ] {
        assert_eq!(g.suggest(text), None, "{text:?}");
    }
}
