#!/usr/bin/env python3
"""Generate config/missions.toml, siaga's built-in mission directory.

Reads the ministry's list of missions (code,type,city,country,iso2,source;
by default data/missions.csv in this repository) and writes one
`[missions.<code>]` table per mission and one `[countries.<ISO2>]` table per
country, with the jurisdiction data kept below in COVERS and COUNTRY_NAMES:
the one place to review and correct it.

    python3 tools/gen_missions.py [missions.csv] [out.toml]

Places are written as citizens write them (Indonesian and English, common
short forms, no diacritics needed; Arabic script for the Arab countries, in
ARABIC_COVERS and ARABIC_COUNTRY_NAMES): siaga matches them case-insensitively,
as whole words, with apostrophes dropped and other punctuation read as a
space. A few forms that are also ordinary words or given names ("Arab",
"Jordan", "Perak", "KL", "Kabul", "Baku", ...) are listed here but only count
in siaga when a place word ("di", "ke", "in", "KBRI", ...) stands right
before them; that rule lives in src/triage/route.rs.

The generator refuses to write a file in which one place would name two
missions, or a country has no mission.
"""

import csv
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CSV = os.path.join(HERE, "..", "data", "missions.csv")
DEFAULT_OUT = os.path.join(HERE, "..", "config", "missions.toml")

# For a country without an embassy, the mission that covers it as a whole.
COUNTRY_MISSION_OVERRIDES = {
    "TW": "taipei",  # KDEI Taipei
    "HK": "hongkong",  # KJRI Hong Kong
    "NC": "noumea",  # KJRI Noumea
}

# Countries that are never destinations: a citizen's home towns.
HOME = {"ID"}

# Desks that are not in the ministry's list of missions abroad: the central
# directorate, which escalation falls back to (`default_desk = "pwni"`).
EXTRA_MISSIONS = [
    {
        "code": "pwni",
        "type": "DIT",
        "name": "Direktorat Pelindungan WNI",
        "city": "Jakarta",
        "country": "Indonesia",
        "iso2": "ID",
    },
]

# ---------------------------------------------------------------------------
# Country names: English, Indonesian, common forms. "AS" (Amerika Serikat)
# and "US" are left out: both are ordinary English words ("as", "us").
# ---------------------------------------------------------------------------
COUNTRY_NAMES = {
    # Middle East
    "SA": ["Saudi Arabia", "Arab Saudi", "Saudi", "KSA", "Arab"],
    "AE": ["United Arab Emirates", "Uni Emirat Arab", "Emirat Arab", "UAE", "UEA"],
    "QA": ["Qatar", "Katar"],
    "KW": ["Kuwait"],
    "OM": ["Oman"],
    "BH": ["Bahrain"],
    "JO": ["Jordan", "Yordania", "Yordan"],
    "IQ": ["Iraq", "Irak"],
    "IR": ["Iran"],
    "SY": ["Syria", "Suriah"],
    "LB": ["Lebanon", "Libanon"],
    "YE": ["Yemen", "Yaman"],
    "TR": ["Turkiye", "Turkey", "Turki"],
    "AF": ["Afghanistan", "Afganistan"],
    # Asia
    "MY": ["Malaysia", "M'sia", "Msia"],
    "SG": ["Singapore", "Singapura", "S'pore"],
    "BN": ["Brunei Darussalam", "Brunei", "Brunai"],
    "TH": ["Thailand", "Muangthai", "Muang Thai"],
    "MM": ["Myanmar", "Burma", "Birma"],
    "KH": ["Cambodia", "Kamboja"],
    "LA": ["Laos", "Lao PDR"],
    "VN": ["Vietnam", "Viet Nam"],
    "PH": ["Philippines", "Philippine", "Filipina", "Philipina", "Pilipina"],
    "TL": ["Timor-Leste", "Timor Leste", "East Timor"],
    "CN": ["China", "Tiongkok", "Cina", "RRT", "RRC", "PRC", "Mainland China"],
    "HK": ["Hong Kong", "Hongkong", "HK"],
    "TW": ["Taiwan", "Formosa"],
    "JP": ["Japan", "Jepang", "Nippon"],
    "KR": ["South Korea", "Korea Selatan", "Korsel", "Korea", "Republic of Korea"],
    "KP": ["North Korea", "Korea Utara", "Korut", "DPRK"],
    "IN": ["India"],
    "PK": ["Pakistan"],
    "BD": ["Bangladesh"],
    "LK": ["Sri Lanka", "Srilanka"],
    "KZ": ["Kazakhstan", "Kazakstan", "Kazakhtan"],
    "UZ": ["Uzbekistan"],
    "AZ": ["Azerbaijan", "Azerbaijan Republic"],
    # Europe
    "GB": ["United Kingdom", "Inggris", "UK", "Britain", "Great Britain",
           "Britania Raya", "England"],
    "NL": ["Netherlands", "Belanda", "Holland", "Nederland"],
    "BE": ["Belgium", "Belgia"],
    "DE": ["Germany", "Jerman", "Deutschland"],
    "FR": ["France", "Perancis", "Prancis"],
    "IT": ["Italy", "Italia"],
    "ES": ["Spain", "Spanyol"],
    "PT": ["Portugal"],
    "AT": ["Austria"],
    "CH": ["Switzerland", "Swiss", "Swis"],
    "SE": ["Sweden", "Swedia"],
    "NO": ["Norway", "Norwegia"],
    "DK": ["Denmark"],
    "FI": ["Finland", "Finlandia"],
    "PL": ["Poland", "Polandia"],
    "CZ": ["Czech Republic", "Czechia", "Republik Ceko", "Ceko", "Cheko"],
    "SK": ["Slovakia", "Slowakia"],
    "HU": ["Hungary", "Hungaria"],
    "RO": ["Romania", "Rumania"],
    "BG": ["Bulgaria"],
    "RS": ["Serbia"],
    "HR": ["Croatia", "Kroasia"],
    "BA": ["Bosnia and Herzegovina", "Bosnia dan Herzegovina", "Bosnia-Herzegovina",
           "Bosnia"],
    "GR": ["Greece", "Yunani"],
    "RU": ["Russia", "Rusia"],
    "UA": ["Ukraine", "Ukraina"],
    "VA": ["Holy See", "Vatican", "Vatikan", "Takhta Suci"],
    # Africa
    "EG": ["Egypt", "Mesir"],
    "SD": ["Sudan"],
    "LY": ["Libya", "Libia"],
    "DZ": ["Algeria", "Aljazair", "Al Jazair"],
    "MA": ["Morocco", "Maroko"],
    "TN": ["Tunisia"],
    "ET": ["Ethiopia", "Etiopia"],
    "KE": ["Kenya"],
    "TZ": ["Tanzania"],
    "MZ": ["Mozambique", "Mozambik"],
    "MG": ["Madagascar", "Madagaskar"],
    "ZW": ["Zimbabwe"],
    "NA": ["Namibia"],
    "ZA": ["South Africa", "Afrika Selatan", "Afsel"],
    "NG": ["Nigeria"],
    "SN": ["Senegal"],
    "CM": ["Cameroon", "Kamerun"],
    # Americas
    "US": ["United States", "United States of America", "Amerika Serikat", "USA",
           "Amerika", "America"],
    "CA": ["Canada", "Kanada"],
    "MX": ["Mexico", "Meksiko"],
    "CU": ["Cuba", "Kuba"],
    "PA": ["Panama"],
    "CO": ["Colombia", "Kolombia"],
    "VE": ["Venezuela"],
    "EC": ["Ecuador", "Ekuador"],
    "PE": ["Peru"],
    "CL": ["Chile", "Chili", "Cile"],
    "AR": ["Argentina"],
    "BR": ["Brazil", "Brasil"],
    "SR": ["Suriname"],
    # Oceania
    "AU": ["Australia", "Aussie"],
    "NZ": ["New Zealand", "Selandia Baru", "NZ"],
    "FJ": ["Fiji"],
    "PG": ["Papua New Guinea", "Papua Nugini", "PNG"],
    "NC": ["New Caledonia", "Kaledonia Baru", "Nouvelle Caledonie"],
}

# ---------------------------------------------------------------------------
# Jurisdiction: places each mission covers besides its own city (other
# spellings of the city itself included). For a country with consulates,
# the consulates' districts are listed in full and the embassy's own
# district by its main regions and towns; the country's name alone goes to
# the embassy. Countries an embassy is also accredited to, where siaga has
# no country entry for them, are listed as places of that embassy.
# ---------------------------------------------------------------------------
COVERS = {
    # --- Saudi Arabia: KBRI Riyadh (Riyadh, Eastern Province, Qassim, Hail,
    # Al Jouf, Northern Borders); KJRI Jeddah (Makkah, Madinah, Tabuk, Asir,
    # Jizan, Najran, Al Baha).
    "riyadh": [
        "Riyad", "Dammam", "Damam", "Khobar", "Al Khobar", "Alkhobar", "Dhahran",
        "Jubail", "Al Jubail", "Hofuf", "Al Hofuf", "Al Ahsa", "Al Hasa", "Qatif",
        "Ras Tanura", "Khafji", "Hafr Al Batin", "Eastern Province", "Sharqiyah",
        "Syarqiyah", "Qassim", "Qasim", "Buraidah", "Buraydah", "Hail", "Al Jouf",
        "Jouf", "Sakaka", "Arar", "Al Kharj", "Kharj", "Majmaah", "Zulfi",
        "Dawadmi", "Wadi Dawasir",
    ],
    "jeddah": [
        "Jedah", "Jiddah", "Jedda", "Makkah", "Mekah", "Mekkah", "Mecca",
        "Makkah Al Mukarramah", "Masjidil Haram", "Madinah", "Medina", "Madina",
        "Madinah Al Munawwarah", "Masjid Nabawi", "Taif", "Thaif", "Yanbu",
        "Rabigh", "Qunfudah", "Al Lith", "Jizan", "Jazan", "Gizan", "Abha",
        "Khamis Mushait", "Asir", "Bisha", "Najran", "Al Baha", "Tabuk",
    ],
    # --- United Arab Emirates
    "abudhabi": ["Abudhabi", "Abu Dabi", "Al Ain", "Ruwais", "Mussafah", "Musaffah"],
    "dubai": [
        "Bur Dubai", "Deira", "Jebel Ali", "Sharjah", "Syarjah", "Ajman",
        "Ras Al Khaimah", "Fujairah", "Fujeirah", "Khor Fakkan", "Umm Al Quwain",
    ],
    # --- Gulf and Levant
    "doha": ["Al Wakrah", "Al Khor", "Lusail", "Al Rayyan", "Rayyan"],
    "kuwaitcity": [
        "Salmiya", "Salmiyah", "Hawalli", "Farwaniya", "Farwaniyah", "Jahra",
        "Ahmadi", "Fahaheel", "Mangaf", "Jleeb",
    ],
    "muscat": ["Masqat", "Salalah", "Sohar", "Seeb", "Nizwa", "Duqm"],
    "manama": ["Muharraq", "Riffa", "Isa Town"],
    "amman": [
        "Aqaba", "Irbid", "Zarqa", "Madaba",
        # accredited: Palestine
        "Palestina", "Palestine", "Tepi Barat", "West Bank", "Ramallah",
    ],
    "baghdad": [
        "Bagdad", "Erbil", "Arbil", "Basra", "Basrah", "Najaf", "Karbala",
        "Sulaymaniyah", "Mosul", "Kurdistan",
    ],
    "tehran": [
        "Teheran", "Qom", "Isfahan", "Mashhad", "Masyhad", "Shiraz", "Tabriz",
        # accredited: Turkmenistan
        "Turkmenistan",
    ],
    "damascus": ["Damaskus", "Aleppo", "Halab", "Homs", "Latakia", "Idlib"],
    "beirut": [
        "Bairut", "Sidon", "Saida", "Tyre", "Nabatieh", "Nabatiyeh", "Baalbek",
        "Bekaa", "Jounieh",
    ],
    "sanaa": [
        "Sanaa", "Aden", "Tarim", "Hadramaut", "Hadhramaut", "Mukalla", "Seiyun",
        "Sayun", "Taiz", "Hodeidah",
    ],
    "ankara": [
        "Konya", "Kayseri", "Antalya", "Trabzon", "Erzurum", "Eskisehir",
        "Gaziantep", "Adana", "Mersin", "Samsun", "Hatay",
        "Kahramanmaras", "Cappadocia", "Kapadokya", "Nevsehir",
    ],
    "istanbul": [
        "Stambul", "Bursa", "Kocaeli", "Izmit", "Sakarya", "Yalova", "Tekirdag",
        "Edirne", "Canakkale", "Izmir",
    ],
    "kabul": ["Kandahar", "Herat", "Mazar-i-Sharif", "Jalalabad"],
    # --- Malaysia: KBRI Kuala Lumpur (KL, Selangor, Putrajaya, Negeri
    # Sembilan, Melaka, Pahang, Terengganu, Kelantan); KJRI Johor Bahru
    # (Johor); KJRI Penang (Penang, Kedah, Perlis, Perak); KJRI Kuching
    # (Sarawak); KJRI Kota Kinabalu (Sabah but the Tawau residency, Labuan);
    # KRI Tawau (Tawau, Semporna, Lahad Datu, Kunak).
    # Not "KK": in these messages "KK Park" is a compound in Myanmar.
    "kualalumpur": [
        "KL", "Selangor", "Putrajaya", "Cyberjaya", "Klang", "Port Klang",
        "Pelabuhan Klang", "Shah Alam", "Petaling Jaya", "Subang Jaya", "Puchong",
        "Kajang", "Cheras", "Ampang", "Bangi", "Semenyih", "Rawang", "Sepang",
        "KLIA", "Bukit Jalil", "Bukit Bintang", "Chow Kit", "Kepong", "Setapak",
        "Damansara", "Gombak", "Selayang", "Sungai Buloh", "Sg Buloh",
        "Negeri Sembilan", "Negri Sembilan", "Seremban", "Port Dickson",
        "Lenggeng", "Kuala Pilah", "Melaka", "Malacca", "Alor Gajah",
        "Machap Umboo", "Pahang", "Kuantan", "Temerloh", "Bentong", "Raub",
        "Jerantut", "Genting Highlands", "Cameron Highlands", "Terengganu",
        "Trengganu", "Kuala Terengganu", "Kemaman", "Dungun", "Kelantan",
        "Kota Bharu",
    ],
    "johorbahru": [
        "Johor", "Johore", "JB", "Johor Baru", "Johor Bharu", "Batu Pahat", "Muar",
        "Kluang", "Pasir Gudang", "Kulai", "Skudai", "Senai", "Pontian",
        "Segamat", "Mersing", "Kota Tinggi", "Tangkak", "Iskandar Puteri",
        "Nusajaya", "Pengerang", "Yong Peng", "Pekan Nanas",
    ],
    "penang": [
        "Pulau Pinang", "George Town", "Butterworth", "Bayan Lepas",
        "Seberang Perai", "Bukit Mertajam", "Kedah", "Alor Setar", "Alor Star",
        "Sungai Petani", "Kulim", "Langkawi", "Belantik", "Perlis", "Kangar",
        "Perak", "Ipoh", "Taiping", "Teluk Intan", "Manjung", "Sitiawan",
        "Kuala Kangsar", "Kamunting", "Langkap",
    ],
    "kuching": [
        "Sarawak", "Miri", "Sibu", "Bintulu", "Serian", "Samarahan", "Sri Aman",
        "Limbang", "Sarikei", "Tebedu",
    ],
    "kotakinabalu": [
        "Sabah", "Kinabalu", "Sandakan", "Keningau", "Beaufort", "Labuan", "Kudat",
        "Tenom", "Kota Belud", "Putatan", "Tuaran", "Sipitang", "Beluran",
        "Kinabatangan", "Telupid", "Kota Marudu", "Menggatal", "Inanam",
        "Tambunan",
    ],
    "tawau": ["Semporna", "Lahad Datu", "Kunak", "Kalabakan"],
    # --- Singapore, Brunei, Timor-Leste
    "singapore": [
        "Singapura", "Jurong", "Woodlands", "Changi", "Tuas", "Orchard Road",
        "Geylang", "Toa Payoh", "Bukit Timah",
    ],
    "bandarseribegawan": ["Seria", "Kuala Belait", "Tutong", "Temburong"],
    "dili": ["Baucau", "Maliana", "Oecusse", "Oekusi"],
    # --- Mekong: the scam compounds
    "yangon": [
        "Rangoon", "Myawaddy", "Myawadi", "Myawady", "Shwe Kokko", "Shwekokko",
        "KK Park", "KKPark", "Karen State", "Karen", "Kayin", "Kayin State",
        "Hpa-an", "Payathonzu", "Tachileik", "Tachilek", "Shan State", "Laukkaing",
        "Kokang", "Mong La", "Mandalay", "Naypyidaw", "Nay Pyi Taw",
    ],
    "phnompenh": [
        "Pnom Penh", "Phnom Phen", "Sihanoukville", "Sihanouk Ville",
        "Shihanoukville", "Sihanukville", "Preah Sihanouk", "Sihanouk",
        "Kampong Som", "Bavet", "Poipet", "Svay Rieng", "Chrey Thom", "Kandal",
        "Siem Reap", "Battambang", "Kampot", "Koh Kong",
    ],
    "vientiane": [
        "Vientian", "Golden Triangle", "Golden Triangle SEZ", "Segitiga Emas",
        "Kings Romans", "Bokeo", "Ton Pheung", "Boten", "Luang Prabang",
        "Savannakhet", "Pakse",
    ],
    # --- Thailand: KRI Songkhla (the southern provinces); KBRI Bangkok the rest.
    "bangkok": [
        "Krung Thep", "Pattaya", "Chonburi", "Rayong", "Samut Prakan",
        "Samut Sakhon", "Mahachai", "Nonthaburi", "Pathum Thani", "Ayutthaya",
        "Chiang Mai", "Chiang Rai", "Mae Sai", "Mae Sot", "Kanchanaburi",
        "Hua Hin", "Udon Thani", "Khon Kaen", "Nakhon Ratchasima", "Korat",
        "Suvarnabhumi", "Don Mueang",
    ],
    "songkhla": [
        "Hat Yai", "Hatyai", "Sadao", "Danok", "Pattani", "Yala", "Narathiwat",
        "Sungai Kolok", "Satun", "Trang", "Phatthalung", "Nakhon Si Thammarat",
        "Surat Thani", "Koh Samui", "Chumphon", "Ranong", "Krabi", "Phang Nga",
        "Phuket",
    ],
    # --- Philippines: KJRI Davao City (Mindanao); KBRI Manila the rest.
    "manila": [
        "Metro Manila", "Quezon City", "Makati", "Pasay", "Taguig", "Paranaque",
        "Pasig", "Mandaluyong", "Muntinlupa", "Las Pinas", "Caloocan", "Luzon",
        "Pampanga", "Angeles City", "Porac", "Bamban", "Tarlac", "Clark", "Subic",
        "Cavite", "Laguna", "Batangas", "Bulacan", "Baguio", "Palawan", "Visayas",
        "Cebu", "Iloilo", "Bacolod", "Bohol", "Boracay",
        # accredited: Palau, Marshall Islands
        "Palau", "Marshall Islands", "Kepulauan Marshall",
    ],
    "davaocity": [
        "Davao", "Kota Davao", "Mindanao", "General Santos", "Gensan",
        "Zamboanga", "Cagayan de Oro", "Cotabato", "Sarangani", "Bukidnon",
        "Iligan", "Marawi", "Lanao", "Butuan", "Surigao", "Dipolog", "Sulu",
        "Jolo", "Tawi-Tawi", "Basilan",
    ],
    # --- Vietnam: KJRI Ho Chi Minh City (the south); KBRI Hanoi the rest.
    "hanoi": [
        "Ha Noi", "Haiphong", "Hai Phong", "Quang Ninh", "Ha Long", "Halong",
        "Bac Ninh", "Da Nang", "Danang",
    ],
    "hochiminhcity": [
        "Ho Chi Minh", "HCMC", "Saigon", "Sai Gon", "Vung Tau", "Binh Duong",
        "Dong Nai", "Can Tho", "Nha Trang", "Da Lat", "Dalat", "Phu Quoc",
    ],
    # --- China: KJRI Guangzhou (Guangdong, Guangxi, Fujian, Hainan); KJRI
    # Shanghai (Shanghai, Zhejiang, Jiangsu, Anhui, Jiangxi); KJRI Hong Kong
    # (Hong Kong, Macau); KBRI Beijing the rest.
    "beijing": [
        "Peking", "Tianjin", "Hebei", "Shandong", "Qingdao", "Shanxi",
        "Inner Mongolia", "Liaoning", "Dalian", "Jilin", "Heilongjiang", "Harbin",
        "Henan", "Hubei", "Wuhan", "Hunan", "Changsha", "Sichuan", "Chengdu",
        "Chongqing", "Shaanxi", "Xian", "Gansu", "Ningxia", "Qinghai",
        "Xinjiang", "Tibet", "Yunnan", "Kunming",
        # accredited: Mongolia
        "Mongolia", "Ulaanbaatar",
    ],
    "guangzhou": [
        "Kanton", "Canton", "Guangdong", "Shenzhen", "Dongguan", "Foshan", "Zhuhai",
        "Shantou", "Guangxi", "Nanning", "Fujian", "Xiamen", "Fuzhou", "Quanzhou",
        "Hainan", "Haikou", "Sanya",
    ],
    "shanghai": [
        "Zhejiang", "Hangzhou", "Ningbo", "Yiwu", "Jiangsu", "Nanjing", "Suzhou",
        "Wuxi", "Anhui", "Hefei", "Jiangxi", "Nanchang",
    ],
    "hongkong": [
        "Hongkong", "Kowloon", "Tsim Sha Tsui", "Mong Kok", "Mongkok", "Wan Chai",
        "Causeway Bay", "Victoria Park", "Tsuen Wan", "Kwai Chung", "Sha Tin",
        "Shatin", "Tuen Mun", "Yuen Long", "Tai Po", "Kwun Tong", "Sai Kung",
        "Tseung Kwan O", "Tung Chung", "Lantau", "Sheung Shui", "Fanling",
        "Lo Wu", "New Territories", "Macau", "Makau", "Macao",
    ],
    # --- Taiwan: KDEI Taipei covers the whole island.
    "taipei": [
        "Taipe", "New Taipei", "Banqiao", "Keelung", "Taoyuan", "Zhongli",
        "Jhongli", "Hsinchu", "Sinchu", "Miaoli", "Taichung", "Changhua",
        "Nantou", "Yunlin", "Chiayi", "Tainan", "Kaohsiung", "Kaoshiung",
        "Cianjhen", "Pingtung", "Donggang", "Yilan", "Suao", "Nanfangao",
        "Hualien", "Taitung", "Penghu", "Kinmen",
    ],
    # --- Japan: KJRI Osaka (Kansai, Chugoku, Shikoku, Kyushu, Okinawa);
    # KBRI Tokyo the rest.
    "tokyo": [
        "Tokio", "Shinjuku", "Ikebukuro", "Narita", "Haneda", "Kanto",
        "Kanagawa", "Yokohama", "Kawasaki", "Chiba", "Saitama", "Ibaraki",
        "Oarai", "Tochigi", "Gunma", "Yamanashi", "Nagano", "Niigata", "Shizuoka",
        "Hamamatsu", "Aichi", "Nagoya", "Gifu", "Toyama", "Ishikawa", "Kanazawa",
        "Fukui", "Tohoku", "Miyagi", "Sendai", "Fukushima", "Iwate", "Aomori",
        "Akita", "Yamagata", "Hokkaido", "Sapporo",
        # accredited: Micronesia
        "Micronesia", "Mikronesia",
    ],
    "osaka": [
        "Kansai", "Kinki", "Kyoto", "Kobe", "Hyogo", "Himeji", "Nara",
        "Wakayama", "Shiga", "Mie Prefecture", "Prefektur Mie", "Chugoku",
        "Hiroshima", "Okayama", "Tottori", "Shimane", "Yamaguchi", "Shikoku",
        "Tokushima", "Kagawa", "Takamatsu", "Ehime", "Matsuyama", "Kyushu",
        "Fukuoka", "Kitakyushu", "Saga", "Nagasaki", "Kumamoto", "Oita",
        "Miyazaki", "Kagoshima", "Okinawa", "Naha",
    ],
    # --- Korea
    "seoul": [
        "Incheon", "Gyeonggi", "Suwon", "Ansan", "Siheung", "Hwaseong",
        "Pyeongtaek", "Bucheon", "Gimpo", "Uijeongbu", "Cheonan", "Asan",
        "Cheongju", "Daejeon", "Daegu", "Gumi", "Pohang", "Ulsan", "Busan",
        "Pusan", "Gimhae", "Kimhae", "Changwon", "Yangsan", "Miryang", "Geoje",
        "Tongyeong", "Gyeongsang", "Gwangju", "Mokpo", "Yeosu", "Jeolla", "Jeju",
    ],
    "pyongyang": [],
    # --- South Asia
    "newdelhi": [
        "Delhi", "Noida", "Gurgaon", "Gurugram", "Agra", "Jaipur", "Lucknow",
        "Uttar Pradesh", "Kolkata", "Calcutta", "West Bengal", "Chennai", "Madras",
        "Tamil Nadu", "Bangalore", "Bengaluru", "Karnataka", "Kerala",
        # accredited: Bhutan
        "Bhutan",
    ],
    "mumbai": [
        "Bombay", "Maharashtra", "Pune", "Nagpur", "Gujarat", "Ahmedabad",
        "Madhya Pradesh",
    ],
    "islamabad": [
        "Rawalpindi", "Lahore", "Faisalabad", "Multan", "Peshawar",
        "Khyber Pakhtunkhwa",
    ],
    "karachi": ["Sindh", "Balochistan", "Quetta", "Gwadar"],
    "dhaka": [
        "Dakka", "Chittagong", "Chattogram", "Cox's Bazar", "Sylhet",
        # accredited: Nepal
        "Nepal", "Kathmandu",
    ],
    "colombo": [
        "Kolombo", "Kandy", "Galle", "Negombo",
        # accredited: Maldives
        "Maldives", "Maladewa", "Male Maldives",
    ],
    # --- Central Asia, Caucasus
    "tashkent": [
        "Taskent", "Samarkand", "Samarqand", "Bukhara", "Bukhoro",
        # accredited: Kyrgyzstan
        "Kyrgyzstan", "Kirgizstan", "Bishkek",
    ],
    "astana": [
        "Nur-Sultan", "Almaty", "Alma Ata", "Shymkent",
        # accredited: Tajikistan
        "Tajikistan", "Tadjikistan", "Dushanbe",
    ],
    "baku": [],
    # --- Europe
    "denhaag": [
        "Den Haag", "Amsterdam", "Schiphol", "Rotterdam", "Utrecht", "Leiden",
        "Delft", "Eindhoven", "Groningen", "Wageningen", "Nijmegen", "Enschede",
        "Maastricht", "Tilburg", "Breda", "Zwolle", "Haarlem", "Almere",
    ],
    "brussel": [
        "Brussel", "Bruxelles", "Antwerp", "Antwerpen", "Ghent", "Leuven",
        "Liege", "Bruges", "Brugge",
        # accredited: Luxembourg
        "Luxembourg", "Luksemburg",
    ],
    "vienna": [
        "Wina", "Wien", "Salzburg", "Graz", "Linz", "Innsbruck",
        # accredited: Slovenia
        "Slovenia", "Slovenija", "Ljubljana",
    ],
    "bern": [
        "Zurich", "Geneva", "Jenewa", "Geneve", "Basel", "Lausanne", "Lugano",
        "Lucerne", "Luzern",
        # accredited: Liechtenstein
        "Liechtenstein",
    ],
    "berlin": [
        "Brandenburg", "Potsdam", "Saxony", "Sachsen", "Dresden", "Leipzig",
        "Saxony-Anhalt", "Sachsen-Anhalt", "Magdeburg", "Thuringia", "Thuringen",
        "Erfurt", "Jena",
    ],
    "frankfurt": [
        "Frankfurt am Main", "Hesse", "Hessen", "Wiesbaden", "Darmstadt",
        "Rhineland-Palatinate", "Rheinland-Pfalz", "Mainz", "Saarland",
        "Baden-Wurttemberg", "Baden-Wuerttemberg", "Stuttgart", "Karlsruhe",
        "Mannheim", "Heidelberg", "Freiburg", "Bavaria", "Bayern", "Munich",
        "Munchen", "Muenchen", "Nuremberg", "Nurnberg", "North Rhine-Westphalia",
        "Nordrhein-Westfalen", "NRW", "Cologne", "Koln", "Koeln", "Dusseldorf",
        "Duesseldorf", "Bonn", "Dortmund", "Essen", "Aachen",
    ],
    "hamburg": [
        "Bremen", "Bremerhaven", "Lower Saxony", "Niedersachsen", "Hannover",
        "Hanover", "Schleswig-Holstein", "Kiel", "Lubeck", "Mecklenburg",
        "Mecklenburg-Vorpommern", "Rostock",
    ],
    "paris": [
        "Lyon", "Lille", "Strasbourg", "Bordeaux", "Nantes", "Rennes",
        "Charles de Gaulle",
        # accredited: Monaco
        "Monaco",
    ],
    "marseille": [
        "Marseilles", "Provence", "Cote d'Azur", "Cannes", "Toulon", "Avignon",
        "Montpellier", "Toulouse", "Occitanie", "Corsica", "Korsika",
    ],
    "london": [
        "Londen", "Heathrow", "Gatwick", "Manchester", "Birmingham", "Liverpool",
        "Leeds", "Sheffield", "Nottingham", "Leicester", "Bristol", "Oxford",
        "Newcastle upon Tyne", "Scotland", "Skotlandia", "Edinburgh", "Glasgow",
        "Wales", "Cardiff", "Northern Ireland", "Belfast",
        # accredited: Ireland
        "Ireland", "Irlandia", "Dublin",
    ],
    "rome": [
        "Roma", "Milan", "Milano", "Turin", "Torino", "Genoa", "Genova", "Venice",
        "Venesia", "Florence", "Firenze", "Bologna", "Pisa", "Naples", "Napoli",
        "Sicily", "Sisilia", "Palermo",
        # accredited: Malta, San Marino
        "Malta", "San Marino",
    ],
    "madrid": [
        "Barcelona", "Valencia", "Seville", "Sevilla", "Malaga", "Bilbao",
        "Ibiza", "Mallorca", "Canary Islands", "Kepulauan Canary", "Las Palmas",
        "Tenerife",
        # accredited: Andorra
        "Andorra",
    ],
    "lisbon": ["Lisboa", "Porto", "Algarve"],
    "copenhagen": [
        "Kopenhagen", "Aarhus",
        # accredited: Lithuania
        "Lithuania", "Lituania", "Vilnius",
    ],
    "helsinki": [
        "Espoo", "Tampere", "Turku",
        # accredited: Estonia
        "Estonia", "Tallinn",
    ],
    "oslo": [
        "Bergen", "Stavanger", "Trondheim",
        # accredited: Iceland
        "Iceland", "Islandia", "Reykjavik",
    ],
    "stockholm": [
        "Gothenburg", "Goteborg", "Malmo", "Uppsala",
        # accredited: Latvia
        "Latvia", "Riga",
    ],
    "warsawa": ["Warsawa", "Warszawa", "Krakow", "Wroclaw", "Gdansk", "Poznan", "Lodz"],
    "praha": ["Praha", "Brno"],
    "bratislava": ["Kosice"],
    "budapest": ["Debrecen"],
    "bucharest": [
        "Bukares", "Cluj",
        # accredited: Moldova
        "Moldova", "Chisinau",
    ],
    "sofia": ["Varna", "Plovdiv"],
    "belgrade": [
        "Beograd", "Novi Sad",
        # accredited: Montenegro
        "Montenegro", "Podgorica",
    ],
    "zagreb": ["Dubrovnik"],
    "sarajevo": ["Mostar", "Banja Luka"],
    "athens": [
        "Athena", "Athina", "Piraeus", "Thessaloniki", "Crete", "Kreta",
        # accredited: Cyprus
        "Cyprus", "Siprus", "Nicosia",
    ],
    "moscow": [
        "Moskow", "Moskwa", "Moskva", "St Petersburg", "Saint Petersburg",
        "Sankt Peterburg", "Kazan", "Vladivostok",
        # accredited: Belarus
        "Belarus", "Minsk",
    ],
    "kyiv": ["Kiev", "Odesa", "Odessa", "Lviv", "Kharkiv"],
    "vatican": [],
    # --- Africa
    "cairo": [
        "Kairo", "Giza", "Alexandria", "Iskandariah", "Iskandariyah", "Tanta",
        "Zagazig", "Mansoura", "Port Said", "Suez", "Luxor", "Aswan", "Hurghada",
        "Sharm el Sheikh",
    ],
    "khartoum": ["Khartum", "Omdurman", "Port Sudan", "Darfur"],
    "tripoli": ["Benghazi", "Misrata"],
    "algiers": ["Aljir", "Oran"],
    "tunis": [],
    "rabat": [
        "Casablanca", "Marrakesh", "Marrakech", "Fes", "Fez", "Tangier", "Tanger",
        # accredited: Mauritania
        "Mauritania", "Nouakchott",
    ],
    "addisababa": [
        "Adis Abeba", "Addis Abeba",
        # accredited: Djibouti
        "Djibouti", "Jibuti",
    ],
    "nairobi": [
        "Mombasa",
        # accredited: Uganda, Somalia
        "Uganda", "Kampala", "Somalia", "Mogadishu",
    ],
    "daressalaam": ["Dar es Salam", "Zanzibar", "Dodoma", "Arusha"],
    "maputo": [],
    "pretoria": [
        "Johannesburg", "Joburg", "Gauteng", "Durban", "KwaZulu-Natal",
        # accredited: Botswana, Lesotho, Eswatini
        "Botswana", "Gaborone", "Lesotho", "Eswatini", "Swaziland",
    ],
    "capetown": [
        "Western Cape", "Eastern Cape", "Northern Cape", "Port Elizabeth",
        "Gqeberha", "Stellenbosch",
    ],
    "harare": [
        "Bulawayo",
        # accredited: Zambia
        "Zambia", "Lusaka",
    ],
    "windhoek": [
        "Walvis Bay", "Luderitz",
        # accredited: Angola
        "Angola", "Luanda",
    ],
    "antananarivo": [
        # accredited: Mauritius, Seychelles, Comoros
        "Mauritius", "Port Louis", "Seychelles", "Comoros", "Komoro",
    ],
    "abuja": ["Lagos"],
    "dakar": [],
    "yaounde": ["Douala"],
    # --- Americas. US: KJRI New York (the Northeast); KJRI Chicago (the
    # Midwest); KJRI Houston (the South); KJRI Los Angeles (Southern
    # California and the Southwest, Hawaii); KJRI San Francisco (Northern
    # California and the Northwest, Alaska); KBRI Washington (DC, Maryland,
    # Virginia, West Virginia, Delaware).
    "washington": [
        "Washington DC", "Washington", "Maryland", "Baltimore", "Virginia",
        "West Virginia", "Delaware",
    ],
    "newyork": [
        "NYC", "New York City", "Manhattan", "Brooklyn", "Queens", "Bronx",
        "New Jersey", "Connecticut", "Pennsylvania", "Philadelphia", "Pittsburgh",
        "Massachusetts", "Boston", "Rhode Island", "Vermont", "New Hampshire",
        "Maine",
    ],
    "chicago": [
        "Illinois", "Michigan", "Detroit", "Wisconsin", "Milwaukee", "Minnesota",
        "Minneapolis", "Ohio", "Cleveland", "Cincinnati", "Indiana",
        "Indianapolis", "Iowa", "Missouri", "St Louis", "Kansas", "Kansas City",
        "Nebraska", "North Dakota", "South Dakota", "Kentucky",
    ],
    "houston": [
        "Texas", "Dallas", "Austin", "San Antonio", "El Paso", "Oklahoma",
        "Louisiana", "New Orleans", "Arkansas", "Mississippi", "Alabama",
        "Tennessee", "Nashville", "Memphis", "Florida", "Miami", "Orlando",
        "Tampa", "Atlanta", "North Carolina", "South Carolina", "Puerto Rico",
    ],
    "losangeles": [
        "California", "Kalifornia", "Southern California", "San Diego",
        "Orange County", "Anaheim", "Irvine", "Riverside", "Long Beach",
        "Pasadena", "Hollywood", "Santa Monica", "Arizona", "Phoenix", "Nevada",
        "Las Vegas", "New Mexico", "Albuquerque", "Colorado", "Denver", "Utah",
        "Salt Lake City", "Hawaii", "Honolulu",
    ],
    "sanfrancisco": [
        "Northern California", "Bay Area", "Silicon Valley", "San Jose",
        "Oakland", "Sacramento", "Oregon", "Portland", "Washington State",
        "Seattle", "Alaska", "Idaho", "Montana", "Wyoming",
    ],
    "ottawa": ["Quebec", "Montreal", "Nova Scotia", "Halifax", "New Brunswick"],
    "toronto": ["Ontario", "Mississauga", "Hamilton Ontario", "Manitoba", "Winnipeg"],
    "vancouver": [
        "British Columbia", "Alberta", "Calgary", "Edmonton", "Saskatchewan",
        "Yukon",
    ],
    "mexicocity": ["Meksiko City", "Ciudad de Mexico", "Cancun", "Guadalajara",
                   "Monterrey", "Tijuana"],
    "havana": ["Habana", "La Habana"],
    "panama": [],
    "bogota": ["Medellin", "Cartagena"],
    "caracas": [],
    "quito": ["Guayaquil", "Galapagos"],
    "lima": [
        "Callao", "Cusco", "Machu Picchu",
        # accredited: Bolivia
        "Bolivia",
    ],
    "santiago": ["Valparaiso", "Punta Arenas"],
    "buenosaires": [
        "Mendoza",
        # accredited: Paraguay, Uruguay
        "Paraguay", "Asuncion", "Uruguay", "Montevideo",
    ],
    "brasilia": ["Sao Paulo", "Rio de Janeiro", "Belo Horizonte", "Recife",
                 "Manaus", "Porto Alegre"],
    "paramaribo": [
        # accredited: Guyana
        "Guyana",
    ],
    # --- Oceania: KJRI Sydney (New South Wales, Queensland); KJRI Melbourne
    # (Victoria, Tasmania, South Australia); KJRI Perth (Western Australia);
    # KRI Darwin (Northern Territory); KBRI Canberra (ACT).
    "canberra": ["Australian Capital Territory"],
    "sydney": [
        "New South Wales", "NSW", "Wollongong", "Queensland", "Brisbane",
        "Gold Coast", "Cairns", "Townsville",
    ],
    "melbourne": ["Tasmania", "Hobart", "South Australia", "Adelaide", "Geelong"],
    "perth": [
        "Western Australia", "Fremantle", "Broome", "Christmas Island",
        "Pulau Christmas",
    ],
    "darwin": ["Northern Territory", "Alice Springs"],
    "wellington": [
        "Auckland", "Christchurch",
        # accredited: Samoa, Tonga, Cook Islands
        "Samoa", "Tonga", "Cook Islands",
    ],
    "suva": [
        "Nadi", "Lautoka",
        # accredited: Tuvalu, Kiribati, Nauru
        "Tuvalu", "Kiribati", "Nauru",
    ],
    "noumea": [],
    "portmoresby": [
        "Lae",
        # accredited: Solomon Islands
        "Solomon Islands", "Kepulauan Solomon", "Honiara",
    ],
    "vanimo": ["Sandaun", "West Sepik", "Wutung"],
    "ptri-asean": [],
    "pwni": [],
    "jenewa": [],
    "newyork-un": [],
}

# ---------------------------------------------------------------------------
# Arabic-script names, as citizens and their employers write them in the Arab
# countries the desk serves: places each mission covers (its own city first)
# and countries. siaga folds them as it folds Latin names: harakat and
# tatweel dropped, alef with hamza or madda read as alef, ta marbuta as ha,
# alef maqsura as ya; a prefix joined to the word (wa "and", fa, bi "in",
# li "to", ka, and their pairs, "lil" for li + al) is split off before the
# name is looked up, so "bil-Riyadh" is "Riyadh" named as where they are.
# The article al- is part of the name as written here.
#
# Left out because they are ordinary words first: Khobar (al-khabar, the
# news), al-Ain (the eye), Tyre (suwar, pictures), Hail (an obstacle), Aden
# (Eden, a given name), al-Rayyan (a given name), Fes (an axe, and "bi-fas"
# is "with an axe"). Jeddah (also
# "grandmother"), al-Madinah (also "the city") and al-Maghrib (also the
# sunset prayer) count only after a place word; that rule is in
# src/triage/route.rs. "Amman" and "Oman" are one word without harakat:
# alone it is Amman, the city; Oman is "Sultanate of Oman".
# ---------------------------------------------------------------------------
ARABIC_COVERS = {
    "riyadh": [
        "الرياض", "الدمام", "الظهران", "الجبيل", "الأحساء", "القطيف", "القصيم",
        "بريدة", "المنطقة الشرقية",
    ],
    "jeddah": [
        "جدة", "مكة", "مكة المكرمة", "المدينة", "المدينة المنورة", "الطائف",
        "ينبع", "جازان", "جيزان", "أبها", "خميس مشيط", "تبوك", "نجران",
    ],
    "abudhabi": ["أبوظبي", "أبو ظبي"],
    "dubai": ["دبي", "الشارقة", "عجمان", "رأس الخيمة", "الفجيرة"],
    "doha": ["الدوحة", "الوكرة"],
    "kuwaitcity": ["الكويت", "مدينة الكويت", "السالمية", "حولي", "الفروانية", "الجهراء"],
    "muscat": ["مسقط", "صلالة", "صحار"],
    "manama": ["المنامة", "المحرق"],
    "amman": ["عمّان", "العقبة", "إربد", "الزرقاء"],
    "baghdad": ["بغداد", "أربيل", "البصرة", "النجف", "كربلاء", "الموصل"],
    "damascus": ["دمشق", "حلب", "حمص", "اللاذقية"],
    "beirut": ["بيروت", "صيدا", "بعلبك"],
    "sanaa": ["صنعاء", "تريم", "حضرموت", "المكلا"],
    "cairo": ["القاهرة", "الجيزة", "الإسكندرية"],
    "khartoum": ["الخرطوم", "أم درمان", "بورتسودان"],
    "tripoli": ["طرابلس", "بنغازي", "مصراتة"],
    "tunis": ["تونس"],
    "algiers": ["الجزائر", "وهران"],
    "rabat": ["الرباط", "الدار البيضاء", "مراكش", "طنجة"],
}

# Kuwait, Tunisia and Algeria are named as their capitals ("al-Kuwait",
# "Tunis", "al-Jazair"): those are places above.
ARABIC_COUNTRY_NAMES = {
    "SA": ["السعودية", "المملكة العربية السعودية"],
    "AE": ["الإمارات", "الإمارات العربية المتحدة"],
    "QA": ["قطر"],
    "OM": ["سلطنة عمان"],
    "BH": ["البحرين"],
    "JO": ["الأردن"],
    "IQ": ["العراق"],
    "SY": ["سوريا", "سورية"],
    "LB": ["لبنان"],
    "YE": ["اليمن"],
    "TR": ["تركيا"],
    "EG": ["مصر"],
    "SD": ["السودان"],
    "LY": ["ليبيا"],
    "MA": ["المغرب"],
}


def covers_of(code):
    """A mission's places: the Latin-script ones, then the Arabic."""
    return COVERS.get(code, []) + ARABIC_COVERS.get(code, [])


def country_names_of(iso):
    return COUNTRY_NAMES.get(iso, []) + ARABIC_COUNTRY_NAMES.get(iso, [])


HEADER = """\
# siaga's built-in mission directory: every Indonesian mission abroad
# (KBRI embassies, KJRI consulates, KRI consular offices, KDEI Taipei, and
# the PTRI missions to the UN and ASEAN, which take no consular cases), the
# central directorate in Jakarta (`pwni`, type DIT: the default desk, never
# a place's mission), the places each covers, and the countries citizens
# name.
#
# GENERATED from missions.csv by tools/gen_missions.py: do not edit by
# hand. Correct the data (COVERS, COUNTRY_NAMES, ARABIC_COVERS,
# ARABIC_COUNTRY_NAMES) in that script and run it
# again.
#
# Contacts are not kept here. The deployment fills them in, in its own
# config, as
#
#     [missions.<code>]
#     email = "..."          # the duty desk; empty: the default desk
#     webhook_url = "..."    # HTTPS endpoint for signed escalations; empty: none
#     webhook_secret_file = "..."  # its own signing key (0600), or webhook_secret_env;
#                                  # neither: [escalation]'s
#     hotline = "..."        # shown to citizens in replies
#
# and those tables are merged over these.
#
# Jurisdiction: a place listed in a mission's `covers` (or its own `city`)
# goes to that mission, so a consulate's district decides over the embassy
# in the same country ("Makkah" -> KJRI Jeddah, "Tawau" -> KRI Tawau). A
# country named alone ("Arab Saudi", "Malaysia") goes to the mission in its
# `[countries.<ISO2>]` table, its embassy. Names match case-insensitively
# as whole words; Indonesia itself has no country entry, so places at home
# are never taken for destinations. Arabic-script names ("الرياض") are
# places and countries like any other; siaga drops their harakat and reads
# a prefix joined to them ("بالرياض", "والرياض") as a word of its own.
"""


# Arabic letters read as another (after NFKD has taken hamza and madda off
# alef): alef wasla, ta marbuta, alef maqsura, and the Persian ya and kaf.
ARABIC_FOLD = str.maketrans({"\u0671": "\u0627", "\u0629": "\u0647", "\u0649": "\u064a",
                             "\u06cc": "\u064a", "\u06a9": "\u0643", "\u0640": None})


def fold(text):
    """The form siaga matches on: lowercase, no diacritics, apostrophes
    dropped, other punctuation a space; Arabic letters as ARABIC_FOLD."""
    text = unicodedata.normalize("NFKD", text).translate(ARABIC_FOLD)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items, indent="    ", width=88):
    if not items:
        return "[]"
    one = "[" + ", ".join(toml_str(i) for i in items) + "]"
    if len(one) <= width - len("covers = "):
        return one
    lines, line = [], indent
    for item in items:
        piece = toml_str(item) + ","
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece + " "
    lines.append(line.rstrip())
    return "[\n" + "\n".join(lines) + "\n]"


def dedup(items):
    seen, out = set(), []
    for i in items:
        if fold(i) not in seen:
            seen.add(fold(i))
            out.append(i)
    return out


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k in ("code", "type", "city", "country", "iso2"):
            r[k] = r[k].strip()
    return rows


def check(rows, countries):
    problems = []
    codes = {r["code"] for r in rows}
    for code in sorted(set(COVERS) - codes):
        problems.append(f"COVERS names an unknown mission {code!r}")
    for code in sorted(codes - set(COVERS)):
        problems.append(f"mission {code!r} has no COVERS entry (use [] for none)")
    for code in sorted(set(ARABIC_COVERS) - codes):
        problems.append(f"ARABIC_COVERS names an unknown mission {code!r}")
    isos = {r["iso2"] for r in rows} - HOME
    for iso in sorted(isos - set(COUNTRY_NAMES)):
        problems.append(f"country {iso} has no COUNTRY_NAMES entry")
    for iso in sorted(set(COUNTRY_NAMES) - isos):
        problems.append(f"COUNTRY_NAMES has {iso}, where there is no mission")
    for iso in sorted(set(ARABIC_COUNTRY_NAMES) - isos):
        problems.append(f"ARABIC_COUNTRY_NAMES has {iso}, where there is no mission")
    # One place, one mission.
    owner = {}
    by_code = {r["code"]: r for r in rows}
    for r in rows:
        if r["type"] == "PTRI" or r["iso2"] in HOME:
            continue
        for place in [r["city"]] + covers_of(r["code"]):
            key = fold(place)
            if owner.setdefault(key, r["code"]) != r["code"]:
                problems.append(
                    f"{place!r} is in both {owner[key]!r} and {r['code']!r}")
    seen = {}
    for iso, c in countries.items():
        for name in c["names"]:
            key = fold(name)
            if seen.setdefault(key, iso) != iso:
                problems.append(f"country name {name!r} is both {seen[key]} and {iso}")
            if key in owner and owner[key] != c["mission"]:
                problems.append(
                    f"{name!r} is a name of {iso} ({c['mission']}) and a place of "
                    f"{owner[key]!r}")
        m = by_code.get(c["mission"])
        if m is None or m["iso2"] != iso and iso not in COUNTRY_MISSION_OVERRIDES:
            problems.append(f"country {iso}: bad mission {c['mission']!r}")
    return problems


def countries_of(rows):
    out = {}
    for iso in sorted({r["iso2"] for r in rows} - HOME):
        mission = COUNTRY_MISSION_OVERRIDES.get(iso)
        if mission is None:
            embassies = [r["code"] for r in rows if r["iso2"] == iso and r["type"] == "KBRI"]
            if len(embassies) != 1:
                raise SystemExit(f"country {iso}: {len(embassies)} embassies: {embassies}")
            mission = embassies[0]
        out[iso] = {"names": dedup(country_names_of(iso)), "mission": mission}
    return out


# The country's name in Bahasa Indonesia, as the officers' screens show it
# (the directory's `country` stays the English, as missions receive it).
COUNTRY_ID = {
    "AE": "Persatuan Emirat Arab",
    "AF": "Afganistan",
    "AR": "Argentina",
    "AT": "Austria",
    "AU": "Australia",
    "AZ": "Azerbaijan",
    "BA": "Bosnia dan Herzegovina",
    "BD": "Bangladesh",
    "BE": "Belgia",
    "BG": "Bulgaria",
    "BH": "Bahrain",
    "BN": "Brunei Darussalam",
    "BR": "Brasil",
    "CA": "Kanada",
    "CH": "Swiss",
    "CL": "Cile",
    "CM": "Kamerun",
    "CN": "Tiongkok",
    "CO": "Kolombia",
    "CU": "Kuba",
    "CZ": "Ceko",
    "DE": "Jerman",
    "DK": "Denmark",
    "DZ": "Aljazair",
    "EC": "Ekuador",
    "EG": "Mesir",
    "ES": "Spanyol",
    "ET": "Etiopia",
    "FI": "Finlandia",
    "FJ": "Fiji",
    "FR": "Prancis",
    "GB": "Inggris",
    "GR": "Yunani",
    "HK": "Hong Kong (Tiongkok)",
    "HR": "Kroasia",
    "HU": "Hungaria",
    "ID": "Indonesia",
    "IN": "India",
    "IQ": "Irak",
    "IR": "Iran",
    "IT": "Italia",
    "JO": "Yordania",
    "JP": "Jepang",
    "KE": "Kenya",
    "KH": "Kamboja",
    "KP": "Korea Utara",
    "KR": "Korea Selatan",
    "KW": "Kuwait",
    "KZ": "Kazakhstan",
    "LA": "Laos",
    "LB": "Lebanon",
    "LK": "Sri Lanka",
    "LY": "Libya",
    "MA": "Maroko",
    "MG": "Madagaskar",
    "MM": "Myanmar",
    "MX": "Meksiko",
    "MY": "Malaysia",
    "MZ": "Mozambik",
    "NA": "Namibia",
    "NC": "Kaledonia Baru",
    "NG": "Nigeria",
    "NL": "Belanda",
    "NO": "Norwegia",
    "NZ": "Selandia Baru",
    "OM": "Oman",
    "PA": "Panama",
    "PE": "Peru",
    "PG": "Papua Nugini",
    "PH": "Filipina",
    "PK": "Pakistan",
    "PL": "Polandia",
    "PT": "Portugal",
    "QA": "Qatar",
    "RO": "Rumania",
    "RS": "Serbia",
    "RU": "Rusia",
    "SA": "Arab Saudi",
    "SD": "Sudan",
    "SE": "Swedia",
    "SG": "Singapura",
    "SK": "Slowakia",
    "SN": "Senegal",
    "SR": "Suriname",
    "SY": "Suriah",
    "TH": "Thailand",
    "TL": "Timor-Leste",
    "TN": "Tunisia",
    "TR": "Turkiye",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "UA": "Ukraina",
    "US": "Amerika Serikat",
    "UZ": "Uzbekistan",
    "VA": "Takhta Suci (Vatikan)",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "YE": "Yaman",
    "ZA": "Afrika Selatan",
    "ZW": "Zimbabwe",
}


def render(rows, countries):
    out = [HEADER]
    for r in rows:
        covers = dedup([c for c in covers_of(r["code"]) if fold(c) != fold(r["city"])])
        out.append(f"[missions.{r['code']}]")
        out.append(f"type = {toml_str(r['type'])}")
        if r.get("name"):
            out.append(f"name = {toml_str(r['name'])}")
        out.append(f"city = {toml_str(r['city'])}")
        out.append(f"country = {toml_str(r['country'])}")
        out.append(f"country_id = {toml_str(COUNTRY_ID[r['iso2']])}")
        out.append(f"iso2 = {toml_str(r['iso2'])}")
        out.append(f"covers = {toml_list(covers)}")
        out.append('email = ""')
        out.append('webhook_url = ""')
        out.append('hotline = ""')
        out.append("")
    for iso, c in countries.items():
        out.append(f"[countries.{iso}]")
        out.append(f"names = {toml_list(c['names'])}")
        out.append(f"mission = {toml_str(c['mission'])}")
        out.append("")
    return "\n".join(out)


def main(argv):
    src = argv[1] if len(argv) > 1 else DEFAULT_CSV
    dst = argv[2] if len(argv) > 2 else DEFAULT_OUT
    rows = load(src) + [dict(m) for m in EXTRA_MISSIONS]
    countries = countries_of(rows)
    problems = check(rows, countries)
    if problems:
        for p in problems:
            print(f"gen_missions: {p}", file=sys.stderr)
        return 1
    text = render(rows, countries)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.normpath(dst)}: {len(rows)} missions, {len(countries)} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
