"""Build tests/data/pid_corpus.jsonl: invented MSK case texts labelled with their identifiers.

    .venv/bin/python tests/data/make_pid_corpus.py      # rewrites the corpus, same seed, same file

Every person, number and address is invented. NHS numbers come from the 999 range reserved for
test data (with a valid Modulus 11 check digit); phone numbers from Ofcom's drama ranges; email
domains are example.*. Each line: {"text": ..., "hits": [{"kind": ..., "text": ...}]}, hits in
order of appearance, each hit's text the exact substring that must be flagged.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SEED = 20260312
CLEAN_TEXTS = 170
# How many texts carry each kind as their main identifier (some get a second one as well).
IDENTIFIER_TEXTS = {
    "nhs_number": 30,
    "date_of_birth": 35,
    "postcode": 30,
    "phone": 25,
    "email": 20,
    "hospital_number": 20,
    "name": 35,
}
OUT = Path(__file__).with_name("pid_corpus.jsonl")

AGES = [
    "45-year-old",
    "62 year old",
    "38yo",
    "aged 71",
    "aged 29",
    "in her 60s",
    "in his 40s",
    "a 54-year-old",
    "17 year old",
    "aged 83",
]
DURATIONS = [
    "6 weeks",
    "3/12",
    "2/52",
    "18 months",
    "10 days",
    "4/7",
    "since Christmas",
    "about a year",
    "9 months",
    "3 weeks",
]
SCORES = [
    "MSK-HQ 32/56",
    "PSFS 4/10",
    "NRS 7/10",
    "VAS 6",
    "ODI 42%",
    "QuickDASH 55",
    "Oxford Knee Score 28/48",
    "STarT Back high risk",
    "STarT MSK medium risk",
    "SPADI 61",
    "NDI 18/50",
    "MSK-HQ 41/56",
    "NRS 3/10 at rest, 8/10 on loading",
]
MEDS = [
    "naproxen 500mg bd",
    "codeine 30mg qds",
    "amitriptyline 10mg nocte",
    "pregabalin 75mg bd",
    "paracetamol 1g qds",
    "ibuprofen 400mg tds",
    "co-codamol 30/500",
    "omeprazole 20mg od",
    "duloxetine 60mg",
    "a 40mg Depo-Medrone injection",
]
YEARLESS = [
    "seen on 12 March",
    "review 3/4",
    "on 14th June",
    "since 2 Feb",
    "booked for 21/11",
    "last seen 5 May",
    "reviewed on 30/9",
    "from 1st December",
    "due back on 7 Jan",
    "injected on 19 August",
]
TESTS = {
    "shoulder": [
        "Hawkins-Kennedy test",
        "Neer's sign",
        "empty can (Jobe) test",
        "Speed's test",
        "O'Brien's test",
        "painful arc",
    ],
    "knee": ["Lachman", "anterior drawer", "McMurray's test", "Thessaly test", "Apley's test"],
    "lumbar": [
        "slump test",
        "SLR at 40 degrees",
        "femoral nerve stretch",
        "McKenzie assessment",
        "prone instability test",
    ],
    "cervical": ["Spurling's test", "ULTT1", "Hoffmann's sign", "Kernig's sign", "Sharp-Purser"],
    "hip": ["Trendelenburg sign", "FABER", "FADIR", "Thomas test", "Ober's test"],
    "ankle": [
        "Simmonds' squeeze test",
        "Kleiger test",
        "anterior drawer",
        "Thompson test",
        "single leg heel raise",
    ],
    "hand": ["Phalen's test", "Tinel's sign", "Finkelstein's test", "Froment's sign", "grind test"],
}
PROBLEMS = {
    "shoulder": [
        "right shoulder pain",
        "a stiff left shoulder",
        "shoulder pain on overhead reach",
        "suspected rotator cuff related shoulder pain",
        "frozen shoulder",
    ],
    "knee": [
        "medial knee pain",
        "anterior knee pain on stairs",
        "a twisting knee injury",
        "knee OA",
        "patellofemoral pain",
    ],
    "lumbar": [
        "low back pain",
        "LBP with left leg pain",
        "L5 radicular pain",
        "mechanical LBP",
        "back pain after lifting",
    ],
    "cervical": [
        "neck pain",
        "neck and right arm pain",
        "C6 radiculopathy",
        "whiplash symptoms",
        "cervical spondylosis",
    ],
    "hip": ["lateral hip pain", "groin pain", "hip OA", "gluteal tendinopathy", "hip stiffness"],
    "ankle": [
        "lateral ankle pain",
        "Achilles tendinopathy",
        "a recurrent inversion sprain",
        "plantar heel pain",
        "midfoot pain",
    ],
    "hand": [
        "thumb base pain",
        "wrist pain",
        "de Quervain's",
        "numb fingers at night",
        "Dupuytren's contracture",
    ],
}
LEVELS = ["L4/5", "L5/S1", "C5-6", "C6/7", "S1 nerve root", "L4 L5", "C5 C6", "T12", "L3-4"]
OPENERS = [
    "Patient is a {age} with {problem} for {duration}.",
    "{Age} with {problem}, {duration}.",
    "Patient reports {problem} for {duration}.",
    "Presents with {problem}; {age}, symptoms {duration}.",
    "Referred by FCP: {age} with {problem}, {duration}.",
    "Self-referral. {Age}, {problem}: {duration}.",
    "Band 6 case: {problem} in a {age_plain} {job}.",
    "GP referral for {problem}, {duration}, {age}.",
]
MIDDLES = [
    "{score} at assessment.",
    "Baseline {score}; {score2} at review.",
    "{test} positive, {test2} negative.",
    "On exam {test} reproduces symptoms.",
    "Takes {med} with little effect.",
    "Tried {med} and {med2}.",
    "MRI shows disc bulge at {level}, no nerve root compression.",
    "Dermatomal pattern suggests {level}.",
    "Physio {yearless}; improving slowly.",
    "Called back after the first session, pain flared for 2 days.",
    "Discussed with the Dr on call, no red flags.",
    "No red flags: no saddle anaesthesia, bladder and bowel normal.",
    "Patient Specific Functional Scale {psfs}/10 for {activity}.",
    "Named in the referral as a fast-track case.",
    "Works as a {job}, currently off sick for {duration}.",
    "Keen to get back to {activity}.",
    "Sleep disturbed, wakes 3 times a night.",
    "Has done {sessions} sessions of loading, {reps}x{sets} daily.",
    "Imaging {yearless}: no fracture.",
    "GP started {med} {yearless}.",
    "Exercise diary shows 4/7 days adherence.",
    "Grip strength 22kg vs 31kg on the other side.",
    "ROM flexion 90 degrees, abduction 70 degrees.",
    "Orthopaedic opinion {yearless}; conservative care advised.",
    "Patient Reported Outcome Measures collected; Patient Initiated Follow Up for 6/12.",
    "Power 4/5 in the L5 myotome, reflexes 2+.",
    "Beighton score 6/9, BP 138/82, HR 72.",
    "Ottawa ankle rules negative; Kellgren-Lawrence grade 3 on x-ray.",
    "B12 and Vit D normal, CRP 4.",
    "Called the GP surgery to chase bloods; Dr to review.",
    "T4 syndrome considered; Spurling's negative at C6/7.",
    "Reviewed by the ESP on 3/4 at 10.30.",
    "Ax 2/52 ago, Tx 3x10 squats, ROM 0-120.",
    "Knee replacement in 2019, pain since March 2024.",
    "Mr and Mrs attended together; MRN not available.",
]
QUESTIONS = [
    "Question: refer to MSK service or continue rehab?",
    "Would value views on imaging before injection.",
    "Is an onward referral to orthopaedics warranted?",
    "What else could we try before discharge?",
    "Looking for ideas on pacing and return to work.",
    "Should this go to the ESP clinic?",
]
JOBS = [
    "postman",
    "nurse",
    "teacher",
    "builder",
    "carer",
    "chef",
    "retired engineer",
    "hairdresser",
    "warehouse worker",
    "student",
]
ACTIVITIES = [
    "running",
    "gardening",
    "golf",
    "netball",
    "lifting the grandchildren",
    "cycling",
    "5-a-side football",
    "swimming",
]

FIRST = [
    "John",
    "Sarah",
    "Aisha",
    "Tom",
    "Priya",
    "Grace",
    "Liam",
    "Olivia",
    "Ahmed",
    "Megan",
    "Dylan",
    "Chloe",
    "Hannah",
    "Oscar",
    "Zara",
    "Ellie",
    "Callum",
    "Nadia",
    "Ravi",
    "Jess",
]
LAST = [
    "Smith",
    "Patel",
    "O'Neill",
    "Jones",
    "Khan",
    "Brown",
    "Hughes",
    "McAllister",
    "Evans",
    "Wright",
    "Okafor",
    "Nowak",
    "Clarke",
    "Walsh",
    "Ahmed",
    "Fletcher",
    "Begum",
    "Price",
    "Turner",
    "MacDonald",
    "Baker-Reid",
    "Osei",
]
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Prof.", "Mx"]
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
POSTCODE_AREAS = [
    "BH",
    "SO",
    "DT",
    "SP",
    "PO",
    "BA",
    "EX",
    "TA",
    "W",
    "EC",
    "M",
    "B",
    "LS",
    "G",
    "SW",
    "N",
    "CF",
    "OX",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # never C I K M O V
STREETS = [
    "Elm Road",
    "Station Road",
    "Church Lane",
    "Harbour View",
    "Mill Close",
    "Victoria Avenue",
    "The Crescent",
]
TOWNS = ["Poole", "Dorchester", "Weymouth", "Salisbury", "Southampton", "Bridport", "Wimborne"]


def nhs_number(rng: random.Random) -> str:
    """A number in the 999 test range with a valid Modulus 11 check digit."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            number = "".join(map(str, digits)) + str(check)
            return rng.choice(
                [
                    f"{number[:3]} {number[3:6]} {number[6:]}",
                    number,
                    f"{number[:3]}-{number[3:6]}-{number[6:]}",
                ]
            )


def date_of_birth(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1930, 2012)
    name = MONTH_NAMES[month - 1]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
    return rng.choice(
        [
            f"{day:02d}/{month:02d}/{year}",
            f"{day}/{month}/{year}",
            f"{day:02d}-{month:02d}-{year}",
            f"{day:02d}.{month:02d}.{year % 100:02d}",
            f"{day} {name} {year}",
            f"{day}{suffix} {name} {year}",
            f"{name} {day}, {year}",
            f"{year}-{month:02d}-{day:02d}",
            f"{day} {name[:3]} {year}",
            f"{day}{suffix} of {name} {year}",
        ]
    )


def postcode(rng: random.Random) -> str:
    area = rng.choice(POSTCODE_AREAS)
    district = str(rng.randint(1, 19 if len(area) == 2 else 9))
    if area in ("W", "EC", "SW") and rng.random() < 0.4:
        district = str(rng.randint(1, 9)) + rng.choice("AB")
    inward = str(rng.randint(0, 9)) + "".join(rng.choice(INWARD_LETTERS) for _ in range(2))
    code = rng.choice([f"{area}{district} {inward}"] * 3 + [f"{area}{district}{inward}"])
    return code.lower() if rng.random() < 0.15 else code


def phone(rng: random.Random) -> str:
    tail = f"{rng.randint(0, 999):03d}"
    return rng.choice(
        [
            f"07700 900{tail}",
            f"+44 7700 900{tail}",
            f"07700900{tail}",
            f"01632 960{tail}",
            f"(01632) 960{tail}",
            f"0113 496 0{tail}",
            f"020 7946 0{tail}",
            f"0300 123 4{tail}",
            f"+44 (0)1632 960{tail}",
        ]
    )


def email(rng: random.Random) -> str:
    first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower().replace("'", "")
    number = rng.randint(1, 99)
    user = rng.choice([f"{first}.{last}", f"{first[0]}{last}{number}", f"{last}_{first}"])
    return f"{user}@{rng.choice(['example.com', 'example.org', 'example.net', 'mail.example.uk'])}"


def hospital_id(rng: random.Random) -> tuple[str, str]:
    label = rng.choice(
        [
            "MRN:",
            "MRN",
            "hospital no",
            "Hospital number",
            "hosp no.",
            "RiO",
            "RIO no",
            "patient ID",
            "case number",
            "PAS no",
        ]
    )
    value = rng.choice(
        [
            f"{rng.choice('ABJKRT')}{rng.randint(1000000, 9999999)}",
            str(rng.randint(10000000, 99999999)),
            f"RBD{rng.randint(100000, 999999)}",
            str(rng.randint(1000000, 9999999)),
        ]
    )
    return label, value


def name(rng: random.Random) -> tuple[str, str]:
    """(sentence, the words to flag)."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    titled = f"{rng.choice(TITLES)} {rng.choice(['', first[0] + '. ', first[0] + ' '])}{last}"
    kind = rng.randrange(9)
    if kind == 0:
        return f"Patient {first} {last} reports the pain is worse at night.", f"{first} {last}"
    if kind == 1:
        return f"The patient, {first}, is keen to avoid surgery.", first
    if kind == 2:
        return f"Her daughter called {first} about the appointment.", first
    if kind == 3:
        return f"Patient named {titled} in the discharge letter.", titled
    if kind == 4:
        return f"Pt {first} attended alone.", first
    if kind == 5:
        return f"His name is {first} {last} and he prefers mornings.", f"{first} {last}"
    if kind == 6:
        return f"{titled} was seen by the FCP first.", titled
    if kind == 7:
        return f"Letter copied to {titled}, consultant.", titled
    return f"{first} says the exercises help.", first  # no cue word: the guard misses these


def identifier_sentence(kind: str, rng: random.Random) -> tuple[str, str]:
    if kind == "nhs_number":
        value = nhs_number(rng)
        template = rng.choice(
            [
                "NHS number {v}.",
                "NHS no: {v}",
                "Ref {v} on the referral.",
                "({v})",
                "NHS {v}, referred by GP.",
            ]
        )
    elif kind == "date_of_birth":
        value = date_of_birth(rng)
        template = rng.choice(
            [
                "DOB {v}.",
                "D.O.B: {v}",
                "Born {v}.",
                "date of birth {v}",
                "born on {v}, lives alone.",
                "Seen in clinic on {v}.",
                "Injection given {v}.",
                "DOB: {v}, retired.",
            ]
        )
    elif kind == "postcode":
        value = postcode(rng)
        street = f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {rng.choice(TOWNS)}"
        template = rng.choice(
            [
                "Lives at " + street + " {v}.",
                "Postcode {v}.",
                "Home address {v}, lives alone.",
                "Address: " + street + ", {v}",
                "Transport booked from {v}.",
            ]
        )
    elif kind == "phone":
        value = phone(rng)
        template = rng.choice(
            [
                "Mobile {v}.",
                "Tel: {v}",
                "Prefers a call on {v} after 5pm.",
                "Daughter's number {v}.",
                "Contact {v}",
            ]
        )
    elif kind == "email":
        value = email(rng)
        template = rng.choice(
            ["Email {v} for the leaflet.", "Contact: {v}", "Send exercises to {v}.", "({v})"]
        )
    elif kind == "hospital_number":
        label, value = hospital_id(rng)
        template = rng.choice(
            [label + " {v}.", label + " {v}, seen in fracture clinic.", "See " + label + " {v}"]
        )
    else:
        return name(rng)
    return template.format(v=value), value


def clinical_sentences(rng: random.Random) -> list[str]:
    region = rng.choice(list(PROBLEMS))
    age = rng.choice(AGES)
    slots = {
        "age": age,
        "Age": age[0].upper() + age[1:],
        "age_plain": rng.choice(["45", "62", "30"]) + "-year-old",
        "problem": rng.choice(PROBLEMS[region]),
        "duration": rng.choice(DURATIONS),
        "job": rng.choice(JOBS),
        "score": rng.choice(SCORES),
        "score2": rng.choice(SCORES),
        "test": rng.choice(TESTS[region]),
        "test2": rng.choice(TESTS[region]),
        "med": rng.choice(MEDS),
        "med2": rng.choice(MEDS),
        "level": rng.choice(LEVELS),
        "yearless": rng.choice(YEARLESS),
        "psfs": rng.randint(0, 10),
        "activity": rng.choice(ACTIVITIES),
        "sessions": rng.randint(2, 8),
        "reps": rng.choice([8, 10, 12, 15]),
        "sets": rng.randint(2, 4),
    }
    middles = rng.sample(MIDDLES, rng.randint(1, 4))
    sentences = [rng.choice(OPENERS), *middles]
    if rng.random() < 0.7:
        sentences.append(rng.choice(QUESTIONS))
    return [sentence.format(**slots) for sentence in sentences]


def identifier_text(kind: str, rng: random.Random) -> dict:
    sentences = clinical_sentences(rng)
    kinds = [kind] + ([rng.choice(list(IDENTIFIER_TEXTS))] if rng.random() < 0.3 else [])
    values = []
    for each in kinds:
        sentence, value = identifier_sentence(each, rng)
        sentences.insert(rng.randint(0, len(sentences)), sentence)
        values.append((each, value))
    text = " ".join(sentences)
    for _, value in values:
        assert text.count(value) == 1, (value, text)
    hits = [{"kind": each, "text": value} for each, value in values]
    return {"text": text, "hits": sorted(hits, key=lambda hit: text.index(hit["text"]))}


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    texts = [{"text": " ".join(clinical_sentences(rng)), "hits": []} for _ in range(CLEAN_TEXTS)]
    for kind, count in IDENTIFIER_TEXTS.items():
        texts.extend(identifier_text(kind, rng) for _ in range(count))
    rng.shuffle(texts)
    return texts


def main() -> None:
    lines = [json.dumps(record, ensure_ascii=False) for record in build()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} texts to {OUT}")


if __name__ == "__main__":
    main()
