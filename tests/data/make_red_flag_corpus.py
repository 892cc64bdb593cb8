"""Build tests/data/red_flag_corpus.jsonl: invented MSK case texts labelled with their red flags.

    .venv/bin/python tests/data/make_red_flag_corpus.py  # rewrites the corpus: same seed, same file

Every case is invented and carries no identifier (no name, full date, NHS number, postcode or
phone number). Real notes document the negatives they screened ("no S/A, B&B normal", "afebrile"),
so clean texts are full of negated, historic and safety-netted red flags, and red-flag texts carry
negated screens of other flags beside the one that is present. Each line:
{"text": ..., "flags": [{"flag": ..., "text": ...}], "part": ...}, flags in order of appearance.
In the "dev" part (the texts the detector was built on) a flag's text is the exact words that
must be reported; the pathway texts (red_flag_pathways.py) label the whole sentence, in the part
"tune" (the detector was changed for them) or "held_out" (never tuned on), and so do the texts of
red_flag_fresh.py, the part "held_out_2" (written after the first held-out set's misses were read).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import red_flag_fresh as fresh  # noqa: E402
import red_flag_pathways as pathways  # noqa: E402

SEED = 20260415
CLEAN_TEXTS = 110
FLAG_TEXTS = {  # texts whose main red flag is this one
    "cauda_equina": 22,
    "bilateral_neurology": 18,
    "progressive_neurology": 18,
    "suspected_fracture": 20,
    "malignancy": 18,
    "infection": 20,
    "vascular": 8,
}
TEXTS_PER_PHRASE = 2  # each pathway sentence in this many invented texts
OUT = Path(__file__).with_name("red_flag_corpus.jsonl")

AGES = ["45-year-old", "62 year old", "38 year old", "71-year-old", "29-year-old", "83 year old"]
DURATIONS = ["6 weeks", "3/12", "2/52", "18 months", "10 days", "4/7", "about a year", "3 weeks"]
PROBLEMS = {
    "back": ["low back pain", "LBP with left leg pain", "L5 radicular pain", "mechanical LBP"],
    "neck": ["neck pain", "neck and right arm pain", "C6 radiculopathy"],
    "shoulder": ["right shoulder pain", "a stiff left shoulder", "frozen shoulder"],
    "knee": ["medial knee pain", "anterior knee pain on stairs", "knee OA"],
    "hip": ["lateral hip pain", "groin pain", "hip OA"],
    "ankle": ["lateral ankle pain", "Achilles tendinopathy", "plantar heel pain"],
    "hand": ["thumb base pain", "wrist pain", "de Quervain's"],
}
OPENERS = [
    "Patient is a {age} with {problem} for {duration}.",
    "{Age} with {problem}, {duration}.",
    "Presents with {problem}; symptoms {duration}.",
    "Referred by FCP: {age} with {problem}, {duration}.",
    "Self-referral, {problem}: {duration}.",
    "GP referral for {problem}, {duration}.",
    "Band 6 case: {problem} in a {job}.",
]
MIDDLES = [
    "MSK-HQ 32/56 at assessment.",
    "STarT MSK medium risk.",
    "PSFS 4/10 for {activity}.",
    "NRS 7/10 on loading, 3/10 at rest.",
    "Takes naproxen 500mg bd with little effect.",
    "Tried codeine 30mg qds and amitriptyline 10mg nocte.",
    "MRI shows disc bulge at L4/5, no nerve root compression.",
    "Has done 4 sessions of loading, 3x10 daily.",
    "Works as a {job}, currently off sick for {duration}.",
    "Keen to get back to {activity}.",
    "Exercise diary shows 4/7 days adherence.",
    "ROM flexion 90 degrees, abduction 70 degrees.",
    "Power 4/5 in the L5 myotome, reflexes 2+.",
    "B12 and Vit D normal, CRP 4.",
    "Orthopaedic opinion last month; conservative care advised.",
    "Slump test positive on the left.",
    "Sleep disturbed by pain on rolling over.",
]
QUESTIONS = [
    "Question: refer to MSK service or continue rehab?",
    "Would value views on imaging before injection.",
    "Is an onward referral to orthopaedics warranted?",
    "What else could we try before discharge?",
    "Looking for ideas on pacing and return to work.",
]
JOBS = ["postman", "nurse", "teacher", "builder", "carer", "chef", "retired engineer", "student"]
ACTIVITIES = ["running", "gardening", "golf", "netball", "cycling", "swimming", "stairs"]

# Negated, historic or safety-netted screens, each with the flag it screens (None: no flag at all).
SCREENS = [
    ("No saddle anaesthesia, bladder and bowel normal.", "cauda_equina"),
    ("Denies bladder or bowel changes.", "cauda_equina"),
    ("S/A NAD, B&B normal.", "cauda_equina"),
    ("No S/A, B+B NAD.", "cauda_equina"),
    ("CES screen negative.", "cauda_equina"),
    ("Denies saddle numbness, urinary retention or incontinence.", "cauda_equina"),
    ("Saddle sensation intact, no loss of anal tone.", "cauda_equina"),
    ("Nil S/A, nil B&B disturbance.", "cauda_equina"),
    ("Bladder and bowel function normal, no sexual dysfunction.", "cauda_equina"),
    ("CES safety netting given verbally and in writing.", "cauda_equina"),
    ("Advised to attend ED if saddle numbness or B&B changes develop.", "cauda_equina"),
    ("Safety netted re CES symptoms, given CES card.", "cauda_equina"),
    ("Longstanding urinary incontinence since childbirth, unchanged.", "cauda_equina"),
    ("Saddle anaesthesia, B&B dysfunction and sexual dysfunction all denied.", "cauda_equina"),
    ("S/A: no. B&B: no.", "cauda_equina"),
    ("Denies: saddle numbness, bladder dysfunction, bowel incontinence.", "cauda_equina"),
    ("Patient understands CES symptoms and what to do.", "cauda_equina"),
    # A known false alarm: "explained" is no cue, as "pt explained she has ..." is a statement.
    ("Given CES card and explained symptoms of cauda equina.", "cauda_equina"),
    ("No bilateral leg symptoms.", "bilateral_neurology"),
    ("Power 5/5 in both legs, reflexes symmetrical.", "bilateral_neurology"),
    ("Bilateral knee OA on X-ray.", "bilateral_neurology"),
    ("Denies pain or numbness in both legs.", "bilateral_neurology"),
    ("Unilateral symptoms only, no bilateral leg pain.", "bilateral_neurology"),
    ("Neuro intact, no progressive weakness.", "progressive_neurology"),
    ("Not getting weaker, power static.", "progressive_neurology"),
    ("Progressive loading programme for the tendon.", "progressive_neurology"),
    ("No foot drop, no progressive neurological deficit.", "progressive_neurology"),
    ("Advised to monitor for progressive weakness.", "progressive_neurology"),
    ("X-ray: no fracture.", "suspected_fracture"),
    ("Old healed fracture of the left wrist.", "suspected_fracture"),
    ("Fracture ruled out in ED.", "suspected_fracture"),
    ("Post-fracture rehab 6 months after ORIF.", "suspected_fracture"),
    ("NWB for 6 weeks after ORIF, now FWB.", "suspected_fracture"),
    ("Seen in fracture clinic and discharged to physio.", "suspected_fracture"),
    ("Able to weight bear after the fall, no bony tenderness.", "suspected_fracture"),
    ("Ottawa ankle rules negative.", "suspected_fracture"),
    ("?scaphoid fracture, X-ray NAD.", "suspected_fracture"),
    ("No history of cancer.", "malignancy"),
    ("No unexplained weight loss, no night pain.", "malignancy"),
    ("PMH breast cancer 10 years ago, in remission; no night pain or weight loss.", "cancer"),
    # Night pain and weight loss are red flags beside a history of cancer, so never with it here.
    ("Night pain when lying on the shoulder.", "night"),
    ("Wakes at night with pain when rolling onto it.", "night"),
    ("Advised weight loss to help the knees.", "night"),
    ("Denies constant night pain.", "malignancy"),
    ("No fever, night sweats or rigors.", "infection"),
    ("Afebrile, apyrexial.", "infection"),
    ("No IVDU, not immunosuppressed.", "infection"),
    ("No hot swollen joints.", "infection"),
    ("Temp 36.8, not febrile.", "infection"),
    ("Hay fever in the summer.", "infection"),
    ("Bloods normal, no fever.", "infection"),
    ("?septic arthritis ruled out by aspirate.", "infection"),
    ("No pulsatile mass, pedal pulses present.", "vascular"),
    ("Nil red flags.", None),
    ("Red flags: fever -, weight loss -, night pain -.", None),
    ("Red flags screened and negative.", None),
    ("RFs -ve.", None),
    ("S/A injection helped for 6 weeks.", None),
    ("Numbness in the hands at night, ?CTS.", None),
    ("Getting stronger each week.", None),
    ("Denied any trauma; no bony tenderness.", None),
]


def slots(*phrases: str) -> list[str]:
    return list(phrases)


# Positive red-flag sentences: (template, [(flag, phrases) for each slot a, b]).
SADDLE = slots(
    "saddle numbness",
    "saddle anaesthesia",
    "saddle paraesthesia",
    "altered saddle sensation",
    "reduced perianal sensation",
    "numbness around the back passage",
    "pins and needles in the saddle region",
    "numb bum",
)
BLADDER = slots(
    "new bladder dysfunction",
    "new B&B dysfunction",
    "urinary retention",
    "new urinary incontinence",
    "B+B changes",
    "difficulty passing urine",
    "new bowel incontinence",
    "altered B&B function",
    "loss of bladder control",
    "unable to pass urine",
    "incontinent of urine",
    "difficulty peeing",
    "bladder not emptying",
)
CES = slots("?CES", "query CES", "CES symptoms", "suspected cauda equina syndrome", "?cauda equina")
BILATERAL = slots(
    "bilateral leg pain",
    "bilateral sciatica",
    "bilateral leg numbness",
    "bilateral lower limb weakness",
    "pain down both legs",
    "numbness in both legs",
    "tingling into both feet",
    "leg pain bilaterally",
    "bilat leg symptoms",
    "bilateral L5 radicular pain",
    "sciatica both sides",
    "both legs feel weak",
    "both legs going numb",
)
PROGRESSIVE = slots(
    "progressive weakness",
    "progressive left leg weakness",
    "worsening foot drop",
    "foot drop that is worsening",
    "getting weaker",
    "rapidly progressive numbness",
    "increasing weakness",
    "progressive neurological deficit",
    "weakness is getting worse",
    "power dropped from 4/5 to 3/5",
    "deteriorating power",
    "numbness spreading",
    "progressively weaker",
)
FRACTURE = slots(
    "suspected fracture",
    "?fracture",
    "?scaphoid fracture",
    "query fracture",
    "suspected scaphoid fracture",
    "possible stress fracture",
    "?# NOF",
    "query 5th metatarsal fracture",
    "fracture not excluded",
)
NO_WEIGHT = slots(
    "unable to weight bear after a fall",
    "unable to weight bear since the injury",
    "bony tenderness after a fall",
    "could not weight bear following the tackle",
    "bony tenderness over the medial malleolus after an inversion injury",
    "cannot weight bear after falling",
    "tender over the anatomical snuffbox after a FOOSH",
    "scaphoid tender post FOOSH",
)
CANCER = slots(
    "PMH breast cancer",
    "history of prostate cancer",
    "previous lung cancer",
    "h/o renal carcinoma",
    "known bony metastases",
    "history of myeloma",
    "Hx Ca prostate",
)
NIGHT = slots("constant night pain", "night pain", "pain at night", "unremitting night pain")
WEIGHT = slots("weight loss", "unexplained weight loss", "unintentional weight loss")
ALONE = slots(
    "unexplained weight loss",
    "unintentional weight loss of 8kg",
    "constant night pain unrelieved by rest or position",
    "night pain unrelieved by any position",
    "lost 5kg without trying",
    "losing weight without trying",
    "weight dropping off",
    # A known miss: constant pain worse at night, not "night pain", is not matched.
    "pain that is constant and unremitting, worse at night",
)
FEVER = slots(
    "fever", "pyrexia", "rigors", "night sweats", "temp 38.4", "feverish", "high temperature"
)
JOINT = slots(
    "hot swollen knee",
    "hot, swollen ankle",
    "red hot swollen joint",
    "?septic arthritis",
    "swollen hot knee",
    "hot, red, swollen knee",
)
RISK = slots("immunosuppressed", "IVDU", "IV drug user", "on immunosuppressants")
VASCULAR = slots(
    "pulsatile abdominal mass", "cold pale foot", "?AAA", "absent foot pulses", "cold, pale leg"
)

POSITIVES = {
    "cauda_equina": [
        ("Reports {a} since yesterday.", [("cauda_equina", SADDLE)]),
        ("New today: {a} and {b}.", [("cauda_equina", SADDLE), ("cauda_equina", BLADDER)]),
        ("On questioning, {a}.", [("cauda_equina", BLADDER)]),
        ("No fever, but {a} over the last 48 hours.", [("cauda_equina", BLADDER)]),
        ("Nil trauma, {a} this week.", [("cauda_equina", BLADDER)]),
        ("{A} reported at review.", [("cauda_equina", SADDLE)]),
        ("Impression: {a}.", [("cauda_equina", CES)]),
        ("Worse leg pain, {a}.", [("cauda_equina", CES)]),
        ("PR by GP: loss of anal tone.", [("cauda_equina", ["loss of anal tone"])]),
        ("No fever or rigors, reports {a}.", [("cauda_equina", SADDLE + BLADDER)]),
        ("Not improving and {a} today.", [("cauda_equina", BLADDER)]),
        (
            "Also describes {a} since the back pain began.",
            [("cauda_equina", ["erectile dysfunction", "new sexual dysfunction"])],
        ),
    ],
    "bilateral_neurology": [
        ("Now {a}.", [("bilateral_neurology", BILATERAL)]),
        ("Reports {a}, worse on walking.", [("bilateral_neurology", BILATERAL)]),
        ("Over the last week {a} has developed.", [("bilateral_neurology", BILATERAL)]),
        ("S/A NAD but {a}.", [("bilateral_neurology", BILATERAL)]),
        ("{A} since lifting at work.", [("bilateral_neurology", BILATERAL)]),
        ("Unsure of the trigger; {a}.", [("bilateral_neurology", BILATERAL)]),
    ],
    "progressive_neurology": [
        ("Since last review: {a}.", [("progressive_neurology", PROGRESSIVE)]),
        ("Reports {a} over 2 weeks.", [("progressive_neurology", PROGRESSIVE)]),
        ("Reports {a} in the left leg.", [("progressive_neurology", PROGRESSIVE)]),
        ("No fever; {a}.", [("progressive_neurology", PROGRESSIVE)]),
        ("Not improving and {a}.", [("progressive_neurology", PROGRESSIVE)]),
        (
            "Feels she is {a} on stairs.",
            [("progressive_neurology", ["getting weaker", "getting progressively weaker"])],
        ),
    ],
    "suspected_fracture": [
        ("Impression: {a}.", [("suspected_fracture", FRACTURE)]),
        ("ED letter says {a}, awaiting imaging.", [("suspected_fracture", FRACTURE)]),
        ("Now {a}.", [("suspected_fracture", NO_WEIGHT)]),
        ("Aged 80, {a}.", [("suspected_fracture", NO_WEIGHT)]),
        (
            "On exam Ottawa ankle rules positive.",
            [("suspected_fracture", ["Ottawa ankle rules positive"])],
        ),
        ("No previous fractures; now {a}.", [("suspected_fracture", FRACTURE + NO_WEIGHT)]),
        (
            "Fell down the stairs and cannot bear weight.",
            [("suspected_fracture", ["Fell down the stairs and cannot bear weight"])],
        ),
    ],
    "malignancy": [
        ("{A}; now {b}.", [("malignancy", CANCER), ("malignancy", NIGHT)]),
        (
            "{A}, reports {b} and {c}.",
            [("malignancy", CANCER), ("malignancy", NIGHT), ("malignancy", WEIGHT)],
        ),
        ("{A} 5 years ago, recent {b}.", [("malignancy", CANCER), ("malignancy", WEIGHT)]),
        ("Reports {a}.", [("malignancy", ALONE)]),
        ("Over 3 months, {a}.", [("malignancy", ALONE)]),
    ],
    "infection": [
        ("Reports {a} since last week.", [("infection", FEVER)]),
        ("Feels unwell with {a} and {b}.", [("infection", FEVER), ("infection", FEVER)]),
        ("O/E {a}.", [("infection", JOINT)]),
        ("{A} on methotrexate, new back pain.", [("infection", ["Immunosuppressed"])]),
        ("Social history: {a}, pain in the lumbar spine.", [("infection", RISK)]),
        ("Nil trauma, {a}.", [("infection", JOINT)]),
        ("No trauma but {a} for 2 days.", [("infection", FEVER + JOINT)]),
    ],
    "vascular": [
        ("O/E {a}.", [("vascular", VASCULAR)]),
        ("GP noted {a}.", [("vascular", VASCULAR)]),
    ],
}


def fill(template: str, rng: random.Random, slot_specs: list) -> tuple[str, list[dict]]:
    """The sentence with a phrase in each slot ({a}, or {A} to open a sentence), and its labels."""
    values: dict[str, str] = {}
    labels = []
    for key, (flag, phrases) in zip("abc", slot_specs, strict=False):
        phrase = rng.choice([p for p in phrases if p not in values.values()] or phrases)
        values[key], values[key.upper()] = phrase, phrase[0].upper() + phrase[1:]
        opens = "{" + key.upper() + "}" in template
        labels.append({"flag": flag, "text": values[key.upper()] if opens else phrase})
    return template.format(**values), labels


def clinical(rng: random.Random) -> list[str]:
    region = rng.choice(list(PROBLEMS))
    age = rng.choice(AGES)
    values = {
        "age": age,
        "Age": age[0].upper() + age[1:],
        "problem": rng.choice(PROBLEMS[region]),
        "duration": rng.choice(DURATIONS),
        "job": rng.choice(JOBS),
        "activity": rng.choice(ACTIVITIES),
    }
    sentences = [rng.choice(OPENERS)] + rng.sample(MIDDLES, rng.randint(0, 3))
    return [sentence.format(**values) for sentence in sentences]


def screens(rng: random.Random, count: int, skip: str | None = None) -> list[str]:
    """`count` screens, none of flag `skip`, and not a history of cancer beside night pain."""
    skipped = {skip, "cancer", "night"} if skip == "malignancy" else {skip}
    while True:
        chosen = rng.sample([(text, flag) for text, flag in SCREENS if flag not in skipped], count)
        if not {"cancer", "night"} <= {flag for _, flag in chosen}:
            return [text for text, _ in chosen]


def clean_text(rng: random.Random) -> dict:
    sentences = clinical(rng)
    sentences += screens(rng, rng.randint(1, 3))
    if rng.random() < 0.7:
        sentences.append(rng.choice(QUESTIONS))
    return {"text": " ".join(sentences), "flags": []}


def flag_text(flag: str, rng: random.Random) -> dict:
    while True:
        sentences = clinical(rng)
        template, specs = rng.choice(POSITIVES[flag])
        if all(len(phrases) == 1 and phrases[0] in template for _, phrases in specs):  # as written
            positive, labels = template, [{"flag": f, "text": p[0]} for f, p in specs]
        else:
            positive, labels = fill(template, rng, specs)
        others = screens(rng, rng.randint(0, 2), skip=flag)
        sentences += others
        sentences.insert(rng.randint(1, len(sentences)), positive)
        if rng.random() < 0.6:
            sentences.append(rng.choice(QUESTIONS))
        text = " ".join(sentences)
        # Each label once, so its words locate it; retry on a clash with a screen sentence.
        if all(text.count(label["text"]) == 1 for label in labels):
            return {"text": text, "flags": labels}


def pathway_texts(rng: random.Random, positives: list, clean: list, part) -> list[dict]:
    """TEXTS_PER_PHRASE texts around each sentence, in the part `part(sentence)` names."""
    texts = []
    for _ in range(TEXTS_PER_PHRASE):
        for flag, sentence in positives:
            sentences = clinical(rng) + screens(rng, rng.randint(0, 2), skip=flag)
            sentences.insert(rng.randint(1, len(sentences)), sentence)
            label = {"flag": flag, "text": sentence}
            texts.append({"text": " ".join(sentences), "flags": [label], "part": part(sentence)})
        for screen in clean:
            sentences = clinical(rng) + screens(rng, rng.randint(0, 1))
            sentences.insert(rng.randint(1, len(sentences)), screen)
            texts.append({"text": " ".join(sentences), "flags": [], "part": part(screen)})
    return texts


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    texts = [clean_text(rng) for _ in range(CLEAN_TEXTS)]
    for flag, count in FLAG_TEXTS.items():
        texts.extend(flag_text(flag, rng) for _ in range(count))
    rng.shuffle(texts)
    # The texts above shaped the detector ("dev"); the pathway texts came later, in two parts.
    texts = [{**text, "part": "dev"} for text in texts]
    texts += pathway_texts(
        random.Random(seed + 1),
        pathways.POSITIVES + pathways.HELD_OUT_POSITIVES,
        pathways.SCREENS + pathways.HELD_OUT_SCREENS,
        pathways.part,
    )
    # Its own random stream, so adding this set left every earlier text as it was.
    return texts + pathway_texts(
        random.Random(seed + 2), fresh.POSITIVES, fresh.SCREENS, lambda _: "held_out_2"
    )


def main() -> None:
    lines = [json.dumps(record, ensure_ascii=False) for record in build()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} texts to {OUT}")


if __name__ == "__main__":
    main()
