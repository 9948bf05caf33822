"""Name tables for the synthetic network (:mod:`partnernet.synth.generate`).

Plain data: Thai and English names of the organisations the generator creates, the issues
each kind of organisation works on, and where CODI's regional offices and the universities
are. Real institutions are named where the generator places them where they really are
(universities, CODI's regional offices); everything else is a pattern on the real province,
district and subdistrict names from geothai (``สภาองค์กรชุมชนตำบลบ้านเป็ด``).
"""

from __future__ import annotations

from typing import Final

from partnernet.graph.model import AgencyType, CivilSocietyType

# Issues nobody works on in the baseline network: planted issue gaps use them, so that no
# agency anywhere can be a partner on them by accident.
RESERVED_ISSUES: Final = ("human_rights",)

# Issue weights for councils by region (region6 code), on top of a common base weight of 1.
REGION_ISSUE_WEIGHTS: Final[dict[str, dict[str, float]]] = {
    "Northeast": {
        "agriculture": 4,
        "land": 3,
        "welfare": 4,
        "debt": 3,
        "water": 3,
        "food_security": 2,
    },
    "North": {"environment": 4, "land": 4, "agriculture": 3, "culture": 2, "welfare": 3},
    "Central": {"housing": 4, "welfare": 4, "elderly": 3, "economy": 2, "disaster": 2},
    "East": {"environment": 3, "tourism": 3, "agriculture": 2, "welfare": 3, "land": 2},
    "West": {"agriculture": 3, "tourism": 2, "welfare": 3, "water": 2, "culture": 2},
    "South": {"disaster": 4, "environment": 3, "land": 3, "welfare": 3, "food_security": 2},
}

# Community organisation types: (type code, Thai name, English name, issues, weight).
CBO_TYPES: Final[tuple[tuple[str, str, str, tuple[str, ...], float], ...]] = (
    ("savings_group", "กลุ่มออมทรัพย์เพื่อการผลิต", "Savings group", ("economy", "debt"), 6),
    ("welfare_fund", "กองทุนสวัสดิการชุมชน", "Community welfare fund", ("welfare",), 5),
    (
        "housing_cooperative",
        "สหกรณ์เคหสถานบ้านมั่นคง",
        "Baan Mankong housing cooperative",
        ("housing", "land"),
        2,
    ),
    ("community_enterprise", "วิสาหกิจชุมชน", "Community enterprise", ("economy",), 4),
    (
        "organic_farming_group",
        "กลุ่มเกษตรอินทรีย์",
        "Organic farming group",
        ("agriculture", "food_security"),
        4,
    ),
    ("women_group", "กลุ่มแม่บ้าน", "Women's group", ("women", "economy"), 3),
    ("elderly_club", "ชมรมผู้สูงอายุ", "Older people's club", ("elderly", "health"), 3),
    ("youth_group", "กลุ่มเยาวชน", "Youth group", ("children_youth", "education"), 2),
    (
        "community_forest",
        "คณะกรรมการป่าชุมชน",
        "Community forest committee",
        ("environment", "land"),
        2,
    ),
    ("water_users", "กลุ่มผู้ใช้น้ำ", "Water users' group", ("water", "agriculture"), 2),
    ("village_fund", "กองทุนหมู่บ้าน", "Village fund", ("economy", "debt"), 3),
    ("disaster_team", "ทีมจัดการภัยพิบัติชุมชน", "Community disaster team", ("disaster",), 1.5),
    (
        "community_tourism",
        "กลุ่มท่องเที่ยวโดยชุมชน",
        "Community-based tourism group",
        ("tourism", "culture"),
        1,
    ),
    (
        "health_volunteers",
        "ชมรมอาสาสมัครสาธารณสุข",
        "Village health volunteers' club",
        ("health",),
        2,
    ),
    ("disability_group", "กลุ่มคนพิการและผู้ดูแล", "Disability and carers' group", ("disability",), 1),
    ("community_data", "ทีมข้อมูลตำบล", "Subdistrict data team", ("data",), 0.5),
)

# Village names (Thai, English) used in community organisation names.
VILLAGES: Final[tuple[tuple[str, str], ...]] = (
    ("หนองบัว", "Nong Bua"),
    ("โนนสูง", "Non Sung"),
    ("ดอนแดง", "Don Daeng"),
    ("หนองแวง", "Nong Waeng"),
    ("โคกกลาง", "Khok Klang"),
    ("สันติสุข", "Santi Suk"),
    ("ป่าตาล", "Pa Tan"),
    ("หนองหิน", "Nong Hin"),
    ("ท่าช้าง", "Tha Chang"),
    ("ทุ่งใหญ่", "Thung Yai"),
    ("นาดี", "Na Di"),
    ("หัวนา", "Hua Na"),
    ("บ่อแก้ว", "Bo Kaeo"),
    ("ห้วยทราย", "Huai Sai"),
    ("โนนงาม", "Non Ngam"),
    ("หนองโน", "Nong No"),
    ("ดงเย็น", "Dong Yen"),
    ("โคกสะอาด", "Khok Sa-at"),
    ("หนองกุง", "Nong Kung"),
    ("สระแก้ว", "Sa Kaeo"),
    ("ท่าม่วง", "Tha Muang"),
    ("บึงสวรรค์", "Bueng Sawan"),
    ("ทุ่งทอง", "Thung Thong"),
    ("หนองไผ่", "Nong Phai"),
    ("โพธิ์ทอง", "Pho Thong"),
    ("หนองสองห้อง", "Nong Song Hong"),
    ("ดอนมัน", "Don Man"),
    ("นาคำ", "Na Kham"),
    ("หนองตะไก้", "Nong Takai"),
    ("บ้านใหม่", "Ban Mai"),
    ("ป่าแดง", "Pa Daeng"),
    ("แม่ข่า", "Mae Kha"),
    ("ห้วยแก้ว", "Huai Kaeo"),
    ("สันป่าตอง", "San Pa Tong"),
    ("ท่าทราย", "Tha Sai"),
    ("บางกระดี่", "Bang Kradi"),
    ("คลองใหม่", "Khlong Mai"),
    ("ควนเนียง", "Khuan Niang"),
    ("ทุ่งหว้า", "Thung Wa"),
    ("เขาน้อย", "Khao Noi"),
    ("บางเหรียง", "Bang Riang"),
    ("นาทวี", "Na Thawi"),
    ("หัวสะพาน", "Hua Saphan"),
    ("วังน้ำเย็น", "Wang Nam Yen"),
    ("หนองปลาไหล", "Nong Pla Lai"),
    ("โนนสะอาด", "Non Sa-at"),
    ("ดอนตูม", "Don Tum"),
    ("กุดจิก", "Kut Chik"),
    ("หนองเรือ", "Nong Ruea"),
    ("โคกใหญ่", "Khok Yai"),
    ("นาเจริญ", "Na Charoen"),
    ("ศรีสำราญ", "Si Samran"),
)

# Provincial agencies: (type, Thai prefix before the province, English pattern, issues).
# `{p}` is the province's English name.
PROVINCIAL_AGENCIES: Final[tuple[tuple[AgencyType, str, str, tuple[str, ...]], ...]] = (
    (
        AgencyType.GOVERNOR_OFFICE,
        "สำนักงานจังหวัด",
        "{p} Provincial Office (Governor's Office)",
        ("decentralisation", "land", "disaster", "economy"),
    ),
    (
        AgencyType.PAO,
        "องค์การบริหารส่วนจังหวัด",
        "{p} Provincial Administrative Organisation",
        ("disaster", "water", "health", "education", "decentralisation"),
    ),
    (
        AgencyType.MSDHS_OFFICE,
        "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์",
        "{p} Provincial Social Development and Human Security Office",
        ("welfare", "housing", "elderly", "disability", "children_youth", "women"),
    ),
    (
        AgencyType.CDD_OFFICE,
        "สำนักงานพัฒนาชุมชน",
        "{p} Provincial Community Development Office",
        ("economy", "debt", "data", "food_security", "women"),
    ),
    (
        AgencyType.HEALTH,
        "สำนักงานสาธารณสุข",
        "{p} Provincial Public Health Office",
        ("health", "elderly", "disability"),
    ),
    (
        AgencyType.PROVINCIAL_OFFICE,
        "สำนักงานเกษตร",
        "{p} Provincial Agriculture Office",
        ("agriculture", "food_security", "water"),
    ),
    (
        AgencyType.PROVINCIAL_OFFICE,
        "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        "{p} Provincial Natural Resources and Environment Office",
        ("environment", "water", "land"),
    ),
    (
        AgencyType.PROVINCIAL_OFFICE,
        "สำนักงานป้องกันและบรรเทาสาธารณภัย",
        "{p} Provincial Disaster Prevention and Mitigation Office",
        ("disaster",),
    ),
    (
        AgencyType.PROVINCIAL_OFFICE,
        "สำนักงานการปฏิรูปที่ดินเพื่อเกษตรกรรม",
        "{p} Provincial Agricultural Land Reform Office",
        ("land", "agriculture"),
    ),
    (
        AgencyType.SCHOOL,
        "สำนักงานศึกษาธิการ",
        "{p} Provincial Education Office",
        ("education", "children_youth"),
    ),
    (
        AgencyType.COMMITTEE,
        "คณะกรรมการบริหารงานจังหวัดแบบบูรณาการ",
        "{p} Integrated Provincial Administration Committee",
        ("decentralisation", "economy"),
    ),
)
# Aliases (Thai abbreviations) of the provincial agencies by type.
AGENCY_ABBREVIATIONS: Final[dict[AgencyType, str]] = {
    AgencyType.PAO: "อบจ.",
    AgencyType.MSDHS_OFFICE: "พมจ.",
    AgencyType.CDD_OFFICE: "พัฒนาการจังหวัด",
    AgencyType.COMMITTEE: "ก.บ.จ.",
}

# National bodies: (type, Thai name, English name, aliases, issues).
_National = tuple[AgencyType, str, str, tuple[str, ...], tuple[str, ...]]
NATIONAL_AGENCIES: Final[tuple[_National, ...]] = (
    (
        AgencyType.CODI_OFFICE,
        "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        "Community Organizations Development Institute (CODI)",
        ("พอช.", "CODI"),
        ("housing", "land", "welfare", "economy", "decentralisation", "data"),
    ),
    (
        AgencyType.MINISTRY,
        "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        "Ministry of Social Development and Human Security",
        ("พม.", "MSDHS"),
        ("welfare", "housing", "elderly", "disability"),
    ),
    (
        AgencyType.MINISTRY,
        "กระทรวงมหาดไทย",
        "Ministry of Interior",
        ("มท.",),
        ("decentralisation", "disaster", "land"),
    ),
    (
        AgencyType.OTHER,
        "กรมการพัฒนาชุมชน",
        "Community Development Department",
        ("พช.",),
        ("economy", "debt", "data"),
    ),
    (
        AgencyType.HEALTH,
        "สำนักงานคณะกรรมการสุขภาพแห่งชาติ",
        "National Health Commission Office",
        ("สช.",),
        ("health",),
    ),
    (
        AgencyType.OTHER,
        "สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ",
        "Thai Health Promotion Foundation",
        ("สสส.",),
        ("health", "elderly", "children_youth"),
    ),
    (AgencyType.COMMITTEE, "คณะรัฐมนตรี", "Cabinet", ("ครม.",), ("decentralisation",)),
)

# CODI's regional offices: region6 code -> (seat province, Thai name, English name).
CODI_REGIONAL_OFFICES: Final[dict[str, tuple[str, str, str]]] = {
    "North": ("50", "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาคเหนือ", "CODI Northern Regional Office"),
    "Northeast": (
        "40",
        "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาคตะวันออกเฉียงเหนือ",
        "CODI Northeastern Regional Office",
    ),
    "Central": (
        "10",
        "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาคกลางและกรุงเทพมหานคร",
        "CODI Central and Bangkok Regional Office",
    ),
    "East": ("20", "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาคตะวันออก", "CODI Eastern Regional Office"),
    "West": ("70", "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาคตะวันตก", "CODI Western Regional Office"),
    "South": ("90", "สถาบันพัฒนาองค์กรชุมชน สำนักงานภาคใต้", "CODI Southern Regional Office"),
}

# Universities by province: (Thai, English).
UNIVERSITIES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "10": (
        ("จุฬาลงกรณ์มหาวิทยาลัย", "Chulalongkorn University"),
        ("มหาวิทยาลัยเกษตรศาสตร์", "Kasetsart University"),
        ("มหาวิทยาลัยราชภัฏสวนสุนันทา", "Suan Sunandha Rajabhat University"),
    ),
    "12": (("มหาวิทยาลัยสุโขทัยธรรมาธิราช", "Sukhothai Thammathirat Open University"),),
    "13": (
        ("มหาวิทยาลัยธรรมศาสตร์ ศูนย์รังสิต", "Thammasat University, Rangsit"),
        ("มหาวิทยาลัยราชภัฏวไลยอลงกรณ์", "Valaya Alongkorn Rajabhat University"),
    ),
    "14": (("มหาวิทยาลัยราชภัฏพระนครศรีอยุธยา", "Phranakhon Si Ayutthaya Rajabhat University"),),
    "16": (("มหาวิทยาลัยราชภัฏเทพสตรี", "Thepsatri Rajabhat University"),),
    "20": (("มหาวิทยาลัยบูรพา", "Burapha University"),),
    "22": (("มหาวิทยาลัยราชภัฏรำไพพรรณี", "Rambhai Barni Rajabhat University"),),
    "24": (("มหาวิทยาลัยราชภัฏราชนครินทร์", "Rajanagarindra Rajabhat University"),),
    "30": (
        ("มหาวิทยาลัยเทคโนโลยีสุรนารี", "Suranaree University of Technology"),
        ("มหาวิทยาลัยราชภัฏนครราชสีมา", "Nakhon Ratchasima Rajabhat University"),
    ),
    "31": (("มหาวิทยาลัยราชภัฏบุรีรัมย์", "Buriram Rajabhat University"),),
    "32": (("มหาวิทยาลัยราชภัฏสุรินทร์", "Surindra Rajabhat University"),),
    "33": (("มหาวิทยาลัยราชภัฏศรีสะเกษ", "Sisaket Rajabhat University"),),
    "34": (
        ("มหาวิทยาลัยอุบลราชธานี", "Ubon Ratchathani University"),
        ("มหาวิทยาลัยราชภัฏอุบลราชธานี", "Ubon Ratchathani Rajabhat University"),
    ),
    "36": (("มหาวิทยาลัยราชภัฏชัยภูมิ", "Chaiyaphum Rajabhat University"),),
    "40": (
        ("มหาวิทยาลัยขอนแก่น", "Khon Kaen University"),
        ("มหาวิทยาลัยราชภัฏขอนแก่น", "Khon Kaen Rajabhat University"),
    ),
    "41": (("มหาวิทยาลัยราชภัฏอุดรธานี", "Udon Thani Rajabhat University"),),
    "42": (("มหาวิทยาลัยราชภัฏเลย", "Loei Rajabhat University"),),
    "44": (
        ("มหาวิทยาลัยมหาสารคาม", "Mahasarakham University"),
        ("มหาวิทยาลัยราชภัฏมหาสารคาม", "Rajabhat Maha Sarakham University"),
    ),
    "45": (("มหาวิทยาลัยราชภัฏร้อยเอ็ด", "Roi Et Rajabhat University"),),
    "46": (("มหาวิทยาลัยกาฬสินธุ์", "Kalasin University"),),
    "47": (("มหาวิทยาลัยราชภัฏสกลนคร", "Sakon Nakhon Rajabhat University"),),
    "48": (("มหาวิทยาลัยนครพนม", "Nakhon Phanom University"),),
    "50": (
        ("มหาวิทยาลัยเชียงใหม่", "Chiang Mai University"),
        ("มหาวิทยาลัยแม่โจ้", "Maejo University"),
        ("มหาวิทยาลัยราชภัฏเชียงใหม่", "Chiang Mai Rajabhat University"),
    ),
    "52": (("มหาวิทยาลัยราชภัฏลำปาง", "Lampang Rajabhat University"),),
    "53": (("มหาวิทยาลัยราชภัฏอุตรดิตถ์", "Uttaradit Rajabhat University"),),
    "56": (("มหาวิทยาลัยพะเยา", "University of Phayao"),),
    "57": (
        ("มหาวิทยาลัยแม่ฟ้าหลวง", "Mae Fah Luang University"),
        ("มหาวิทยาลัยราชภัฏเชียงราย", "Chiang Rai Rajabhat University"),
    ),
    "60": (("มหาวิทยาลัยราชภัฏนครสวรรค์", "Nakhon Sawan Rajabhat University"),),
    "62": (("มหาวิทยาลัยราชภัฏกำแพงเพชร", "Kamphaeng Phet Rajabhat University"),),
    "65": (
        ("มหาวิทยาลัยนเรศวร", "Naresuan University"),
        ("มหาวิทยาลัยราชภัฏพิบูลสงคราม", "Pibulsongkram Rajabhat University"),
    ),
    "67": (("มหาวิทยาลัยราชภัฏเพชรบูรณ์", "Phetchabun Rajabhat University"),),
    "70": (("มหาวิทยาลัยราชภัฏหมู่บ้านจอมบึง", "Muban Chombueng Rajabhat University"),),
    "71": (("มหาวิทยาลัยราชภัฏกาญจนบุรี", "Kanchanaburi Rajabhat University"),),
    "73": (
        ("มหาวิทยาลัยมหิดล ศาลายา", "Mahidol University, Salaya"),
        ("มหาวิทยาลัยศิลปากร", "Silpakorn University"),
    ),
    "76": (("มหาวิทยาลัยราชภัฏเพชรบุรี", "Phetchaburi Rajabhat University"),),
    "80": (
        ("มหาวิทยาลัยวลัยลักษณ์", "Walailak University"),
        ("มหาวิทยาลัยราชภัฏนครศรีธรรมราช", "Nakhon Si Thammarat Rajabhat University"),
    ),
    "83": (("มหาวิทยาลัยราชภัฏภูเก็ต", "Phuket Rajabhat University"),),
    "84": (("มหาวิทยาลัยราชภัฏสุราษฎร์ธานี", "Suratthani Rajabhat University"),),
    "90": (
        ("มหาวิทยาลัยสงขลานครินทร์", "Prince of Songkla University"),
        ("มหาวิทยาลัยทักษิณ", "Thaksin University"),
    ),
    "95": (("มหาวิทยาลัยราชภัฏยะลา", "Yala Rajabhat University"),),
}
# Provinces without a university of their own get a community college in some cases.
COMMUNITY_COLLEGE: Final = ("วิทยาลัยชุมชน", "{p} Community College")

# Provincial civil-society groups: (type, Thai prefix, English pattern, issues).
PROVINCIAL_CSOS: Final[tuple[tuple[CivilSocietyType, str, str, tuple[str, ...]], ...]] = (
    (CivilSocietyType.NETWORK, "เครือข่ายบ้านมั่นคง", "{p} Baan Mankong Network", ("housing", "land")),
    (CivilSocietyType.NETWORK, "เครือข่ายสวัสดิการชุมชน", "{p} Community Welfare Network", ("welfare",)),
    (
        CivilSocietyType.NETWORK,
        "เครือข่ายเกษตรกรรมทางเลือก",
        "{p} Alternative Agriculture Network",
        ("agriculture", "food_security"),
    ),
    (
        CivilSocietyType.NETWORK,
        "เครือข่ายป่าชุมชน",
        "{p} Community Forest Network",
        ("environment", "land"),
    ),
    (
        CivilSocietyType.CIVIC_ASSEMBLY,
        "สมัชชาพลเมือง",
        "{p} Citizens' Assembly",
        ("decentralisation", "community_rights"),
    ),
    (
        CivilSocietyType.FOUNDATION,
        "มูลนิธิพัฒนาชุมชน",
        "{p} Community Development Foundation",
        ("economy", "education"),
    ),
    (
        CivilSocietyType.NETWORK,
        "เครือข่ายผู้สูงอายุ",
        "{p} Older People's Network",
        ("elderly", "health"),
    ),
    (CivilSocietyType.MEDIA, "สื่อชุมชน", "{p} Community Media", ("data", "culture")),
    (
        CivilSocietyType.NETWORK,
        "เครือข่ายจัดการภัยพิบัติ",
        "{p} Disaster Management Network",
        ("disaster", "water"),
    ),
    (
        CivilSocietyType.NGO,
        "ศูนย์ประสานงานองค์กรพัฒนาเอกชน",
        "{p} NGO Coordination Centre",
        ("community_rights", "land"),
    ),
)
# Civic assemblies with their own names (DESIGN.md names Roi Et's).
NAMED_CIVIC_ASSEMBLIES: Final[dict[str, tuple[str, str]]] = {
    "45": ("สภาสาเกตุนคร", "Saket Nakhon Assembly"),
}

# Private sector per province: (type, Thai prefix, English pattern).
PROVINCIAL_PRIVATE: Final[tuple[tuple[str, str, str], ...]] = (
    ("chamber_of_commerce", "หอการค้าจังหวัด", "{p} Chamber of Commerce"),
    (
        "social_enterprise",
        "บริษัท ประชารัฐรักสามัคคี",
        "Pracharath Rak Samakkee {p} (Social Enterprise) Co., Ltd.",
    ),
    ("industry_council", "สภาอุตสาหกรรมจังหวัด", "Federation of Thai Industries, {p} Chapter"),
)

# Big municipalities (city status) by province; others are town or subdistrict municipalities.
CITY_MUNICIPALITIES: Final = frozenset(
    {"11", "20", "30", "34", "40", "41", "50", "57", "60", "65", "80", "83", "84", "90", "95"}
)

# Proposal topics: issue -> (Thai topic, English topic, addressee agency types).
PROPOSAL_TOPICS: Final[dict[str, tuple[str, str, tuple[AgencyType, ...]]]] = {
    "housing": ("ข้อเสนอโครงการบ้านมั่นคง", "Secure housing project", (AgencyType.MSDHS_OFFICE,)),
    "land": ("ข้อเสนอแก้ไขปัญหาที่ดินทำกิน", "Resolving farmland tenure", (AgencyType.GOVERNOR_OFFICE,)),
    "welfare": (
        "ข้อเสนอขยายกองทุนสวัสดิการชุมชน",
        "Expanding the community welfare fund",
        (AgencyType.MSDHS_OFFICE,),
    ),
    "agriculture": (
        "ข้อเสนอส่งเสริมเกษตรอินทรีย์",
        "Promoting organic farming",
        (AgencyType.PROVINCIAL_OFFICE,),
    ),
    "disaster": ("ข้อเสนอแผนรับมือภัยพิบัติชุมชน", "Community disaster plan", (AgencyType.PAO,)),
    "health": ("ข้อเสนอระบบดูแลสุขภาพชุมชน", "Community health care", (AgencyType.PAO,)),
    "environment": (
        "ข้อเสนอจัดการป่าชุมชน",
        "Community forest management",
        (AgencyType.PROVINCIAL_OFFICE,),
    ),
    "economy": ("ข้อเสนอพัฒนาเศรษฐกิจฐานราก", "Grassroots economy", (AgencyType.CDD_OFFICE,)),
    "decentralisation": (
        "ข้อเสนอจังหวัดจัดการตนเอง",
        "Self-governing province",
        (AgencyType.GOVERNOR_OFFICE,),
    ),
    "community_rights": (
        "ข้อเสนอคุ้มครองสิทธิชุมชน",
        "Protecting community rights",
        (AgencyType.GOVERNOR_OFFICE,),
    ),
    "elderly": (
        "ข้อเสนอศูนย์ดูแลผู้สูงอายุชุมชน",
        "Community elderly care centre",
        (AgencyType.MSDHS_OFFICE,),
    ),
    "disability": (
        "ข้อเสนอสนับสนุนคนพิการในชุมชน",
        "Support for people with disabilities",
        (AgencyType.MSDHS_OFFICE,),
    ),
    "debt": ("ข้อเสนอแก้ไขหนี้สินครัวเรือน", "Household debt relief", (AgencyType.CDD_OFFICE,)),
    "data": ("ข้อเสนอจัดทำข้อมูลตำบล", "Subdistrict data system", (AgencyType.CDD_OFFICE,)),
    "tourism": ("ข้อเสนอส่งเสริมท่องเที่ยวโดยชุมชน", "Community-based tourism", (AgencyType.PAO,)),
    "education": ("ข้อเสนอศูนย์การเรียนรู้ชุมชน", "Community learning centre", (AgencyType.PAO,)),
    "food_security": ("ข้อเสนอความมั่นคงทางอาหาร", "Food security", (AgencyType.CDD_OFFICE,)),
    "children_youth": (
        "ข้อเสนอพื้นที่สร้างสรรค์เด็กและเยาวชน",
        "Spaces for children and youth",
        (AgencyType.MSDHS_OFFICE,),
    ),
    "women": ("ข้อเสนอพัฒนาบทบาทสตรี", "Women's leadership", (AgencyType.MSDHS_OFFICE,)),
    "culture": ("ข้อเสนออนุรักษ์วัฒนธรรมท้องถิ่น", "Local culture", (AgencyType.PAO,)),
    "water": ("ข้อเสนอบริหารจัดการน้ำชุมชน", "Community water management", (AgencyType.PAO,)),
    "human_rights": (
        "ข้อเสนอคุ้มครองสิทธิมนุษยชน",
        "Human rights protection",
        (AgencyType.GOVERNOR_OFFICE,),
    ),
}

# Event kinds: (Thai title pattern, English title pattern, level: province | district).
# `{p}` is "จังหวัดขอนแก่น" (Bangkok: "กรุงเทพมหานคร"), `{d}` "อำเภอบ้านไผ่" (Bangkok: "เขตพระนคร").
EVENT_KINDS: Final[tuple[tuple[str, str, str], ...]] = (
    ("เวทีสมัชชาสภาองค์กรชุมชน{p}", "{pe} provincial council assembly", "province"),
    ("เวทีประชุมจัดทำแผนพัฒนา{p}", "{pe} provincial development plan forum", "province"),
    ("เวทีแลกเปลี่ยนเรียนรู้บ้านมั่นคง{p}", "{pe} secure-housing learning forum", "province"),
    ("เวทีประชาคม{d}", "{de} district civic forum", "district"),
    ("ประชุมเครือข่ายสภาองค์กรชุมชน{d}", "{de} district council network meeting", "district"),
)
