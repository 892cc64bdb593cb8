"""Red flags: finds signs of serious pathology in a submitted case, with character spans.

Why: a case conference meets weeks after a case is submitted, but cauda equina syndrome, a
fracture, cancer, infection or a worsening nerve deficit needs same-day escalation (ED, the
on-call spinal or orthopaedic team, an urgent GP review). So a case's text is read for red flags
before it is queued, and the form can say "escalate this today". Pure: no clock, no I/O.

Choices:
- Notes document the negatives they screened ("no S/A, B&B normal", "afebrile"). A cue before a
  feature in its clause (no, nil, denies, ...), a verdict after it ("S/A NAD") or safety-netting
  ("attend ED if saddle numbness") clears it. One cue covers a list of screened items ("no fever,
  night sweats or rigors"), not a new statement ("nil trauma, B&B changes this week").
- A missed flag can cost a patient their bladder; a false alarm costs a click. When the reach of
  a cue is unclear (a new verb or an unscreened phrase between), the feature stays flagged.
- Some features count only together: a history of cancer with night pain or weight loss, sexual
  dysfunction with back pain, immunosuppression with pain.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class RedFlag:
    flag: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Rule:
    flag: str
    pattern: re.Pattern
    tag: str = ""  # what the feature is, for the rules that need company
    needs: tuple[str, ...] = ()  # a red flag only beside an affirmed feature with one of these tags
    context: re.Pattern | None = None  # ... or only when the text mentions this


# On overlap the longer hit wins; on equal spans, the flag listed first.
FLAGS = tuple("cauda_equina bilateral_neurology progressive_neurology suspected_fracture".split())
FLAGS += ("malignancy", "infection", "inflammatory_arthritis", "vascular")


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def _feature(pattern: str) -> re.Pattern:
    # A feature starts at a word or a "?" after a space: skipping mid-word positions at once
    # halves the time the engine spends on its many alternatives.
    return _rx(rf"(?<!\w)(?:{pattern})")


def _any(words: str) -> str:
    """'a b_c d?' -> '(?:a|b\\s+c|d?)': alternatives split on spaces, "_" for any whitespace."""
    return "(?:" + "|".join(word.replace("_", r"\s+") for word in words.split()) + ")"


# Building blocks. "B&B" is bladder and bowel; "S/A" saddle anaesthesia; "#" fracture.
TRAUMA = _any("falls? fell falling trauma injury RTC collision FOOSH accident tackle twist\\w*")
TRAUMA = rf"(?:{TRAUMA}|slipped|tripped)"
UNABLE_WB = _any("unable_to not_able_to can't cannot could_not couldn't") + r"\s+(?:fully\s+)?"
UNABLE_WB += _any("weight-?\\s?bear\\w* WB bear_(?:any_)?weight put_(?:any_)?weight_(?:through|on)")
BONY = r"(?:bony|point|focal|bone|snuffbox|scaphoid)\s+tender(?:ness)?"
BONY += r"|tender(?:ness)?\s+(?:in|over)\s+(?:the\s+)?(?:anatomical\s+)?snuffbox"
# The Ottawa rules' bony points: the malleoli, the navicular and the base of the 5th metatarsal.
OTTAWA = (
    r"(?:(?:base\s+of\s+(?:the\s+)?)?(?:5th|fifth)\s+metatarsal(?:\s+base)?|navicular|(?:medial\s+"
)
OTTAWA += r"|lateral\s+)?malleol(?:us|i))"
BONY += rf"|tender(?:ness)?\s+(?:over\s+|at\s+)?(?:the\s+)?{OTTAWA}"
BONY += rf"|{OTTAWA}\s+(?:is\s+)?tender(?:ness)?"
BB = r"(?:B\s?(?:&|\+|/|and)\s?B|(?:bladder|bowel)(?:\s*(?:and|or|&|/|\+)\s*(?:bladder|bowel))?)"
BB_PROBLEM = _any("dysfunction incontinence retention disturbance changes? problems? issues")
SADDLE = r"(?:saddle|peri-?anal|perineal)"
LESS = _any("altered reduced decreased diminished impaired absent loss_of lost lax poor")
PARAESTHESIA = r"par(?:a)?esthesi(?:a|ae)"
NUMB = _any(f"an(?:a)?esthesia numb(?:ness)? {PARAESTHESIA} hypo(?:a)?esthesia tingling")
LEG = _any("legs? lower_limbs? LLs? feet foot thighs calves")
SYMPTOM = _any(f"pain numb(?:ness)? weak(?:ness)? {PARAESTHESIA} pins_and_needles tingling")
SYMPTOM = _any(f"{SYMPTOM} symptoms sciatica radicular_(?:pain|symptoms) heaviness burning")
NEURO = _any(f"weakness foot\\s*drop numbness loss_of_power sensory_loss {PARAESTHESIA}")
NEURO = _any(f"{NEURO} neurology neuro(?:logical)?_(?:deficit|signs|symptoms|loss)")
# Only body words between "progressive" and a deficit: "progressive loading for weakness" is rehab.
BODY = _any("left right bilateral lower upper limb leg arm hand foot ankle grip quads? hip")
BODY = rf"(?:(?:{BODY}|myotomal|L[1-5]|S1|C[5-8])\s+){{0,3}}"
RELIEF = _any("rest positions? lying(?:_down)? any_position changing_position movement")
UNRELIEVED = _any("unrelieved not_relieved not_eased unaffected") + rf"\s+by\s+{RELIEF}"
UNRELIEVED += rf"(?:\s*(?:or|/|and)\s*{RELIEF})?"
NIGHT = _any("night_pain pain_at_night night-time_pain nocturnal_pain")
CANCER = _any("cancer malignancy carcinoma metasta(?:ses|sis) metastatic_disease mets myeloma")
CANCER = _any(f"{CANCER} lymphoma sarcoma melanoma leuka?emia Ca")
ORGAN = _any("breast prostate lung renal kidney thyroid bowel colon colorectal ovarian skin")
KG = r"\d+(?:\.\d+)?\s*(?:kg|kgs|stone|st|lbs?|pounds)"
JOINT = _any("joint knee ankle wrist elbow shoulder hip toe finger MTPJ foot hand") + "s?"
QUERY = r"(?:\?\s?|\b(?:query|suspected|suspicion\s+of|possible|probable|likely)\s+)"
WORSENING = _any("getting_worse worsening progressing progressive deteriorating spreading")
WORSENING = _any(f"{WORSENING} developing evolving")

CAUDA_EQUINA = (
    rf"\b{SADDLE}\s+(?:area\s+|region\s+)?(?:{NUMB}|pins\s+and\s+needles|sensory\s+(?:loss|changes?)"
    rf"|altered\s+sensation)|\b{LESS}\s+{SADDLE}\s+sensation|\b{SADDLE}\s+sensation\s+(?:is\s+)?{LESS}"
    r"|\b(?:numb(?:ness)?|tingling|(?:altered|reduced|loss\s+of)\s+sensation|pins\s+and\s+needles)\s+"
    r"(?:in|around|of)\s+(?:the\s+)?(?:saddle(?:\s+(?:area|region|distribution))?|perineum|genitals?"
    r"|back\s+passage)|\bnumb\s+(?:bum|bottom)|\b(?:can't|cannot|unable\s+to)\s+feel\s+(?:the\s+)?"
    r"(?:toilet\s+paper|wiping)|\bbladder\s+not\s+emptying|\bdifficulty\s+(?:peeing|urinating)"
    # "S/A" is saddle anaesthesia in a spinal screen, but subacromial in a shoulder note.
    r"|(?<![\w/])S/A(?![\w/]|\s*(?:inj\w*|burs\w*|decompression|space|impingement|joint|steroid)\b)"
    rf"|\b(?:(?:new|recent|acute|sudden|worsening)\s+(?:onset\s+(?:of\s+)?)?)?(?:{BB}\s+(?:function\s+)?"
    rf"{BB_PROBLEM}|(?:urinary|faecal)\s+(?:retention|incontinence))|\bincontinen(?:ce|t)\s+of\s+"
    rf"(?:urine|faeces|stool)|\bretention\s+of\s+urine|\b(?:altered|disturbed|abnormal|loss\s+of)\s+"
    rf"{BB}(?:\s+(?:function|habits?|control))?|\b{BB}\s+(?:function\s+)?(?:altered|affected|disturbed"
    rf"|abnormal)|\bchanges?\s+(?:in|to)\s+{BB}|\b(?:new|recent|sudden)\s+(?:onset\s+(?:of\s+)?)?"
    r"(?:urinary\s+)?(?:urgency|hesitancy|frequency|poor\s+stream)|\b(?:difficulty|unable\s+to|trouble)\s+"
    r"(?:pass(?:ing)?|initiat(?:e|ing)|start(?:ing)?)\s+(?:urine|urination|a\s+stream)"
    rf"|\b{LESS}\s+(?:anal\s+)?(?:sphincter\s+)?(?:tone|squeeze)\b|\banal\s+(?:tone|squeeze)\s+(?:is\s+)?"
    rf"{LESS}|(?:{QUERY}|\b(?:incomplete|impending|evolving|early|developing|(?:signs|symptoms|features)"
    r"\s+of|concern\s+(?:re|for|about))\s+)(?:CES(?:-?[IR])?|cauda\s+equina(?:\s+syndrome)?)\b"
    r"|\b(?:CES|cauda\s+equina(?:\s+syndrome)?)\s+(?:symptoms|signs|features|picture)"
    # The national pathway's words: lost bladder and rectal sensation, straining, poor stream.
    r"|\bCES-?[IRS]\b|\b(?:loss\s+of|lost|reduced|altered|no)\s+(?:the\s+)?(?:urge|desire)\s+to\s+"
    r"(?:pass\s+urine|urinate|void|open\s+(?:her|his|the)\s+bowels)|\b(?:loss\s+of|lost|reduced"
    r"|altered|no)\s+(?:bladder|urinary|rectal|anal)\s+sensation|\b(?:loss\s+of|lost|reduced|altered"
    r"|no)\s+(?:sensation|feeling)\s+(?:of|when|on|while)\s+(?:rectal\s+fullness|(?:bladder\s+)?"
    r"fill\w*|passing\s+(?:urine|water|stool|a\s+stool)|wiping)|\b(?:can't|cannot|can\s+not|unable\s+"
    r"to|does\s+not|doesn't)\s+feel\s+(?:when\s+)?(?:the\s+|her\s+|his\s+)?(?:urine|stool|bladder"
    r"\s+(?:is\s+)?full|bowel\s+(?:is\s+)?full)|\b(?:has\s+to\s+|having\s+to\s+|needs\s+to\s+)?strain"
    r"(?:s|ing)?\s+to\s+(?:pass|empty|start)\s+(?:urine|water|the\s+bladder|a\s+stream)"
    r"|\b(?:poor|weak|reduced)\s+(?:urinary\s+)?stream|\b(?:wet|wetting|soiled|soiling)\s+"
    r"(?:her|him|them)sel(?:f|ves)"
)
SEXUAL = (
    r"\b(?:(?:new|recent)\s+)?(?:sexual|erectile)\s+dysfunction|\b(?:genital|penile)\s+numbness"
)
SEXUAL += r"|\b(?:loss\s+of|reduced|altered)\s+(?:genital|penile|vaginal)\s+sensation"
SEXUAL += (
    r"|\bejaculatory\s+dysfunction|\b(?:loss\s+of|lost|reduced)\s+(?:sexual\s+function|libido)"
)
BILATERAL = (
    r"\bbilat(?:eral)?\.?\s+(?:[\w-]+\s+){0,2}?"
    + _any(f"sciatica radicular_(?:pain|symptoms) radiculopathy {LEG}_{SYMPTOM}")
    + rf"|\bbilat(?:eral)?\.?\s+{SYMPTOM}\s+(?:in|of|down|into|affecting)\s+(?:the\s+)?{LEG}"
    rf"|\b{SYMPTOM},?\s+(?:[\w-]+,?\s+){{0,3}}?(?:in|down|into|of|affecting|through)\s+both\s+{LEG}"
    rf"|\bboth\s+{LEG}\s+(?:are\s+|feel\s+|feeling\s+|have\s+been\s+)?(?:going\s+)?(?:numb|weak|heavy|tingly"
    rf"|painful|affected|symptomatic|giving\s+way)|\b(?:{LEG}\s+{SYMPTOM}|sciatica|{SYMPTOM}\s+"
    rf"(?:in|down|into)\s+(?:the\s+)?{LEG})\s+(?:bilaterally|(?:on\s+)?both\s+sides)"
)
PROGRESSIVE = (
    r"\b(?:progressive(?:ly\s+worsening)?|progressing|worsening|increasing|deteriorating|spreading"
    r"|developing|evolving"
    rf"|rapidly\s+{WORSENING})\s+{BODY}{NEURO}|\b{NEURO}\s+(?:is\s+|has\s+been\s+|that\s+is\s+"
    rf"|which\s+is\s+|now\s+)?{WORSENING}|\b(?:deteriorating|worsening|declining)\s+(?:muscle\s+)?"
    r"(?:power|strength)|\bpower\s+(?:is\s+)?(?:deteriorating|worsening)|\b(?:getting|becoming"
    r"|growing|going)\s+(?:progressively\s+|increasingly\s+|gradually\s+|much\s+)?weaker"
    r"|\bprogressively\s+weaker|\bweaker\s+(?:each|every)\s+(?:day|week)|\bpower\s+"
    r"(?:has\s+)?(?:dropped|reduced|decreased|deteriorated|fallen)\s+(?:from\s+)?\d(?:/5)?\s+to\s+\d"
    r"(?:/5)?|\bmyelopath(?:y|ic)\b|\b(?:positive|\+ve)\s+Hoffmann'?s|\bHoffmann'?s\s+(?:sign\s+)?"
    r"(?:positive|\+ve)|\b(?:clumsy|clumsier)\s+hands|\bhands\s+(?:getting\s+|becoming\s+)?clumsi(?:er|ness)"
    r"|\b(?:unsteady|ataxic|broad-based|spastic)\s+gait|\b(?:progressive|worsening)\s+gait\s+"
    r"(?:disturbance|unsteadiness)|\b(?:power|strength|MRC)\s+(?:now\s+|down\s+to\s+)\d/5,?\s+(?:was|from|previously)\s+\d/5"
)
FRACTURE = (
    rf"(?:{QUERY}|\b(?:suspicious\s+(?:of|for)|occult|missed|undiagnosed)\s+)(?:an?\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:fracture|fx|#(?:\s?NOF)?)(?!\s+clinic)|\b(?:fracture|fx)\s+(?:is\s+)?"
    r"(?:suspected|queried|possible|likely|not\s+(?:yet\s+)?(?:been\s+)?(?:excluded|ruled\s+out)"
    r"|(?:cannot|can't)\s+be\s+(?:excluded|ruled\s+out))|\bOttawa\s+(?:ankle\s+|knee\s+|foot\s+)?"
    r"rules?\s+(?:positive|\+ve)|\bshortened\s+and\s+externally\s+rotated|\bexternally\s+rotated\s+"
    r"and\s+shortened"
)
AFTER_TRAUMA = r"\b(?:after|following|since|post)\s+(?:(?:a|an|the|his|her)\s+)?(?:[\w-]+\s+)?"
# The trauma and the sign come in either order; the sign is what a cue must negate, and a trauma
# denied ("no trauma, unable to weight bear") is no trauma.
SIGN_AFTER_TRAUMA = rf"(?P<core>\b{UNABLE_WB}|\b{BONY})[^.;\n]{{0,60}}?{AFTER_TRAUMA}{TRAUMA}\b"
NOT_DENIED = r"(?<!no\s)(?<!nil\s)(?<!denies\s)(?<!denied\s)(?<!without\s)(?<!any\s)"
TRAUMA_THEN_SIGN = rf"\b{NOT_DENIED}{TRAUMA}\b[^.;\n]{{0,60}}?(?P<core>\b{UNABLE_WB}|\b{BONY})"
HISTORY = _any("PMH past_(?:medical_)?history history hx h/o previous prev past known treated")
CANCER_HISTORY = (
    rf"\b{HISTORY}\s*(?:of\s+|:\s*|-\s*)?(?:[\w-]+\s+){{0,2}}?{CANCER}\b(?:\s+{ORGAN}\b)?"
    rf"|\b{ORGAN}\s+(?:cancer|Ca|carcinoma)\b|\b(?:bony\s+|bone\s+|spinal\s+)?metasta(?:ses"
    r"|tic\s+disease)|\b(?:bony|bone|spinal)\s+mets\b"
)
NIGHT_PAIN = r"\b(?:constant|unremitting|unrelenting|non-mechanical|relentless)\s+(?:\w+\s+)?"
NIGHT_PAIN += rf"{NIGHT}(?:,?\s+{UNRELIEVED})?|\b(?:{NIGHT}|pain),?\s+(?:that\s+is\s+)?{UNRELIEVED}"
NIGHT_PAIN += rf"|\b{NIGHT}\s+(?:that\s+is\s+|which\s+is\s+)?(?:constant|unremitting|unrelenting)"
NIGHT_PAIN += (
    r"|\b(?:constant|unremitting|unrelenting|relentless)\b[^.;\n]{0,40}?\bworse\s+(?:at|during"
    r"\s+the)\s+night"
)
SUSPECTED_CANCER = rf"{QUERY}(?:[\w-]+\s+){{0,2}}?{CANCER}\b"
# Known spread to bone is a flag on its own: new pain may be spinal cord compression.
METASTASES = (
    r"\b(?:known\s+)?(?:bony|bone|spinal|vertebral)\s+(?:metasta(?:ses|sis|tic\s+disease)|mets)\b"
    r"|\bknown\s+metasta(?:ses|sis|tic\s+disease)\b"
)
ANY_NIGHT_PAIN = rf"\b{NIGHT}|\bwak(?:es|ing|ened)\s+(?:\w+\s+){{0,2}}?(?:with|from|by)\s+pain"
WEIGHT_LOSS = (
    r"\b(?:unexplained|unintentional|unintended|unplanned|unexpected)\s+(?:weight|wt)\s+loss"
    rf"(?:\s+of\s+{KG})?|\b(?:weight|wt)\s+loss\s+(?:of\s+{KG}\s+)?(?:without\s+trying|unexplained)"
    rf"|\blost\s+{KG}\s+(?:in\s+\d+\s+\w+\s+)?(?:without\s+trying|unintentionally)"
    r"|\blosing\s+weight\s+without\s+trying|\bweight\s+(?:dropping|falling)\s+off"
)
NOT_DIET = _any("programme program goal target group surgery injections? plan advice")
ANY_WEIGHT_LOSS = rf"\b(?:weight|wt)\s+loss\b(?!\s+{NOT_DIET})|\blost\s+{KG}"
INFECTION = (
    r"(?<!hay\s)(?<!glandular\s)(?<!scarlet\s)(?<!rheumatic\s)\b(?:feverish|fevers?|febrile"
    r"|pyrexi(?:a|al)|rigou?rs|(?:night|drenching)\s+sweats|(?:high|raised)\s+temperature|feel(?:s|ing)?\s+hot\s+and\s+cold"
    r"|(?:temp(?:erature)?|T)\s*(?:of\s+|was\s+|=\s*|:\s*)?3[89](?:\.\d)?(?:\s*°?C\b)?)(?!\w)"
    r"|\b(?:(?:red|erythematous),?\s+)?hot,?\s+(?:and\s+)?(?:red,?\s+(?:and\s+)?)?swollen(?:\s+"
    rf"(?:and\s+)?red)?(?:\s+(?:[\w-]+\s+)?{JOINT}\b)?|\b{JOINT}\s+(?:is\s+)?hot\s+and\s+swollen"
    rf"|\bswollen,?\s+(?:and\s+)?hot\s+{JOINT}\b|{QUERY}(?:septic\s+arthritis|infection|discitis"
    r"|osteomyelitis|sepsis)|\bseptic\s+(?:arthritis|joint)|\b(?:discitis|osteomyelitis|epidural"
    r"\s+abscess|IVDU|PWID)\b|\b(?:IV|intravenous)\s+drug\s+(?:use|user|misuse|abuse)\b"
    r"|\binject(?:s|ing)\s+(?:drugs|heroin)|\binjecting\s+drug\s+use|\b(?:spiking|swinging|raised"
    r"|high)\s+temp(?:erature)?s?\b|\bwound\s+(?:is\s+)?(?:red|hot|oozing|discharging|infected"
    r"|breaking\s+down)|\b(?:red|hot|oozing|discharging|infected)\s+wound|\bwound\s+infection"
)
IMMUNOSUPPRESSED = r"\bimmuno(?:suppressed|compromised|suppression)\b|\bon\s+immunosuppress\w+"
# The drug that suppresses, when the note did not say "immunosuppressed" already.
IMMUNOSUPPRESSED += r"|(?<!suppressed\s)(?<!compromised\s)\bon\s+(?:long-?term\s+)?(?:oral\s+)?"
IMMUNOSUPPRESSED += r"(?:steroids|prednisolone|methotrexate"
IMMUNOSUPPRESSED += r"|biologics?|chemo(?:therapy)?)\b"
# Inflammatory arthritis needs an urgent rheumatology referral; giant cell arteritis the same day.
INFLAMMATORY = (
    r"\b(?:early\s+)?morning\s+stiffness\s+(?:of\s+|for\s+|lasting\s+)?(?:over\s+|more\s+than\s+"
    r"|>\s*|at\s+least\s+)?(?:an?\s+hour|1\s*h(?:ou)?r|\d+\s*(?:hours|hrs)|[3-9]\d\s*min\w*)"
    r"|\bsynovitis\b|\bdactylitis\b|\b(?:MCP|MTP)\s+squeeze\s+test\s+(?:is\s+)?(?:positive|\+ve)"
    r"|\bpositive\s+(?:MCP\s+|MTP\s+)?squeeze\s+test|\bswollen\s+(?:and\s+tender\s+)?(?:MCP|PIP|MTP)"
    r"(?:J|joint)?s\b|\b(?:multiple|several|many|symmetrical)\s+(?:swollen|tender|inflamed|hot)\b"
    r"|\binflammatory\s+back\s+pain|\bjaw\s+claudication|\bscalp\s+tenderness"
    rf"|{QUERY}(?:RA|rheumatoid(?:\s+arthritis)?|inflammatory\s+(?:arthritis|arthropathy)|(?:axial\s+)?"
    r"(?:axSpA|SpA|spondyloarthritis|spondyloarthropathy)|ankylosing\s+spondylitis|PsA|psoriatic"
    r"\s+arthritis|GCA|giant\s+cell\s+arteritis|temporal\s+arteritis|PMR|polymyalgia(?:\s+rheumatica)?)\b"
)
LIMB = r"(?:limb|leg|foot|arm|hand)"
PALE = r"(?:cold|pale|pulseless|mottled|white)"
DS = r"(?:dizziness|diplopia|dysarthria|dysphagia|drop\s+attacks|nystagmus|ataxia)"
VASCULAR = (
    rf"\bpulsatile\s+(?:abdominal\s+|epigastric\s+)?mass|{QUERY}AAA\b|\b(?:cold|pale|pulseless"
    r"|mottled)(?:,?\s+(?:and\s+)?(?:cold|pale|pulseless|mottled))+\s+(?:left\s+|right\s+)?(?:limb"
    r"|leg|foot|arm|hand)\b|\b(?:absent|reduced)\s+(?:foot\s+|pedal\s+|distal\s+)?pulses?\b"
    rf"|\b{LIMB}\s+(?:is\s+|was\s+|feels\s+)?{PALE}(?:,?\s+(?:and\s+)?{PALE})+"
    rf"|{QUERY}(?:DVT|deep\s+vein\s+thrombosis|critical\s+(?:limb\s+)?isch(?:a)?emia|isch(?:a)?emic\s+"
    r"(?:limb|leg|foot)|cervical\s+arter(?:y|ial)\s+dysfunction|CAD|VBI|vertebrobasilar\s+insufficiency"
    r"|(?:vertebral|carotid)\s+(?:artery\s+)?dissection|dissection)\b|\b(?:vertebral|carotid)\s+"
    r"(?:artery\s+)?dissection|\bisch(?:a)?emic\s+rest\s+pain|\bcalf\s+(?:is\s+)?(?:swollen|hot|red)"
    rf"(?:,?\s+(?:and\s+)?(?:swollen|hot|red|tender))+|\b{DS}(?:,?\s+(?:and\s+|or\s+)?{DS})+"
)
BACK = _rx(r"\b(?:back|lumbar|LBP|sciatica|spine|spinal|radicular|disc|L[1-5]|S1)\b")
PAIN = _rx(r"\b(?:pain\w*|ache|aching|sore)\b")

RULES = (
    Rule("cauda_equina", _feature(CAUDA_EQUINA)),
    Rule("cauda_equina", _feature(SEXUAL), context=BACK),
    Rule("bilateral_neurology", _feature(BILATERAL)),
    Rule("progressive_neurology", _feature(PROGRESSIVE)),
    Rule("suspected_fracture", _feature(FRACTURE)),
    Rule("suspected_fracture", _feature(SIGN_AFTER_TRAUMA)),
    Rule("suspected_fracture", _feature(TRAUMA_THEN_SIGN)),
    Rule("malignancy", _feature(CANCER_HISTORY), "cancer", needs=("night_pain", "weight_loss")),
    Rule("malignancy", _feature(NIGHT_PAIN), "night_pain"),
    Rule("malignancy", _feature(ANY_NIGHT_PAIN), "night_pain", needs=("cancer",)),
    Rule("malignancy", _feature(WEIGHT_LOSS), "weight_loss"),
    Rule("malignancy", _feature(SUSPECTED_CANCER)),
    Rule("malignancy", _feature(METASTASES), "metastases"),
    Rule("malignancy", _feature(ANY_WEIGHT_LOSS), "weight_loss", needs=("cancer",)),
    Rule("infection", _feature(INFECTION)),
    Rule("infection", _feature(IMMUNOSUPPRESSED), context=PAIN),
    Rule("inflammatory_arthritis", _feature(INFLAMMATORY)),
    Rule("vascular", _feature(VASCULAR)),
)

# A clause ends at a full stop (not a decimal point), a semicolon, "but", or a new statement
# (", reports ...", ", new ..."): a cue before the end does not reach past it.
STATEMENT = _any("reports? reported complain\\w* c/o has had describes? notes? noted develop\\w*")
STATEMENT = _any(
    f"{STATEMENT} presents? admits? new with experienc\\w* is was feels felt says said"
)
BREAK = r"[;!\n]|\.(?!\d)|\b(?:but|however|although|though|whereas|except|apart\s+from|now|then)\b"
BREAK = _rx(rf"{BREAK}|(?:,|\band\b)\s*(?:(?:he|she|pt|patient|also|today)\s+)*{STATEMENT}\b")
# Cues, each with how many words may stand between it and the feature (screened items aside).
NEGATION = _any("no nil not never none neither nor denies denied denying without absent free_of")
NEGATION = _any(f"{NEGATION} neg(?:ative)?_for -ve_for ruled_out excluded \\w+n't")
NEGATION = _rx(rf"\b{NEGATION}\b|\bnon(?!-?mechanical)-?"), 6
# Safety-netting says what to watch for, not what the patient has.
HYPOTHETICAL = _any("safety-?\\s?net\\w* SN advised advice educated education warned leaflet card")
HYPOTHETICAL = _any(f"{HYPOTHETICAL} understands? understanding")
HYPOTHETICAL = _any(f"{HYPOTHETICAL} if should in_case in_the_event (?:watch|look_out|monitor)_for")
HYPOTHETICAL = _rx(rf"\b(?:{HYPOTHETICAL}|to\s+(?:report|return|attend))\b"), 8
WEAK = _rx(r"\b(?:normal|intact)\b"), 1
HISTORIC = {  # old news, not a new red flag
    "suspected_fracture": (_rx(r"\b(?:old|healed|previous|historic|prior|united)\b"), 2),
    "cauda_equina": (_rx(r"\b(?:long-?standing|chronic|known|stress|pre-existing)\b"), 2),
    "malignancy": (_rx(r"\b(?:intentional|intended|deliberate|planned|healthy)\b"), 2),
    "infection": (_rx(r"\b(?:previous|prior|past|historic|old|treated)\b"), 2),
}
POST = _any("negative neg -ve normal NAD nil none absent denied ruled_out excluded clear(?:ed)?")
POST = _any(f"{POST} unremarkable intact resolved unlikely explained discussed")
POST = _any(f"{POST} no_(?:\\w+_)?(?:fracture|abnormality)")
POST = rf"{POST}|not\s+(?:present|reported|found|elicited|detected|seen|evident)"
POST = _rx(rf"\s*(?:(?:{POST})(?!\w)|(?:no|-)(?=\s*(?:[,.;)]|$)))")  # terse: "S/A: no", "fever -"
POST_CHRONIC = _rx(r"\s*(?:unchanged|long-?standing|chronic|for\s+years|since\s+childbirth)\b")
FILLER = _any("and or all both were are is was been has have as now on_questioning screen(?:ed)?")
FILLER = _rx(rf"(?:[\s,/&+:=()-]|\b{FILLER}\b|\b(?:checked|asked|reported|queried|symptoms)\b)+")
# Imaging settles a suspected fracture or CES ("?scaphoid fracture, X-ray NAD").
IMAGING = _rx(r"(?:[\s,/&+:=()-]|\b(?:and|or|on|the|all|x-?ray|XR|CT|MRI|scan|imaging)\b)+")
# Screened items that carry a cue along a list: "no trauma, fever or night sweats".
SCREENED = _any(
    "weight_loss night_pain trauma falls? injury red_flags? RFs? B\\s?[&+/]\\s?B bladder"
)
SCREENED = _any(f"{SCREENED} bowel saddle_\\w+ S/A CES cauda_equina cancer malignancy PMH fevers?")
SCREENED = _any(f"{SCREENED} history_of_\\w+ sweats rigou?rs IVDU steroids? osteoporosis fracture")
SCREENED = _rx(rf"(?<!\w)(?:{SCREENED}|immunosuppression|incontinence|retention)\b")
WORD = re.compile(r"[^\s\0,]+")
LIST_SPLIT = _rx(r",|\b(?:or|nor|and)\b")
LIST_END = _rx(r"\b(?:or|nor|and)\b|/")
LIST_GOES_ON = _rx(r"\s*(?:,\s*\0|,?\s*(?:or|nor|and)\b|/)")


def find_red_flags(text: str) -> list[RedFlag]:
    """Every affirmed red flag in `text`, sorted by start, non-overlapping (the longest wins)."""
    found = [
        (rule, match, match.span("core") if "core" in rule.pattern.groupindex else match.span())
        for rule in RULES
        for match in rule.pattern.finditer(text)
    ]
    masked = list(text)  # candidates and screened items blanked out: what lists are made of
    for start, end in [core for *_, core in found] + [m.span() for m in SCREENED.finditer(text)]:
        masked[start:end] = "\0" * (end - start)
    blanked = "".join(masked)
    # A break that starts before a feature ends its clause, even one running into it (", new").
    breaks = [match.span() for match in BREAK.finditer(text)]
    affirmed = [
        (rule, match)
        for rule, match, core in found
        if not _cleared_before(text, blanked, breaks, core, rule.flag)
        and not _cleared_after(text, blanked, match.end(), rule.flag)
    ]
    tags = {rule.tag for rule, _ in affirmed}
    hits = [
        RedFlag(rule.flag, match.start(), match.end(), match.group())
        for rule, match in affirmed
        if (not rule.needs or tags & set(rule.needs))
        and (rule.context is None or rule.context.search(text))
    ]
    return _without_overlaps(hits)


def check_fields(fields: dict[str, str | None]) -> dict[str, list[dict]]:
    """For each field with red flags, their flags and spans: what the form shows to escalate."""
    found = {name: find_red_flags(value) for name, value in fields.items() if value}
    return {name: [asdict(hit) for hit in hits] for name, hits in found.items() if hits}


def _without_overlaps(hits: list[RedFlag]) -> list[RedFlag]:
    chosen: list[RedFlag] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, FLAGS.index(h.flag), h.start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _cleared_before(text: str, blanked: str, breaks: list, core: tuple, flag: str) -> bool:
    """A cue earlier in the clause reaches the feature across screened items only."""
    start, end = core
    clause = max((stop for begin, stop in breaks if begin < start), default=0)
    for cue_pattern, max_words in (NEGATION, HYPOTHETICAL, WEAK, HISTORIC.get(flag, WEAK)):
        for cue in cue_pattern.finditer(text, clause, start):
            gap = blanked[cue.end() : start]
            if blanked[cue.start()] != "\0" and _in_scope(gap, blanked[end:], max_words):
                return True
    return False


def _in_scope(gap: str, rest: str, max_words: int) -> bool:
    # "No change, getting weaker", "not improving and getting weaker": a part of a list without a
    # screened item in it ends the list.
    parts = LIST_SPLIT.split(gap)
    if any("\0" not in part or len(WORD.findall(part)) > 3 for part in parts[:-1]):
        return False
    # A comma list goes on ("no fever, sweats or rigors"); "nil trauma, B&B changes" starts afresh;
    # a colon announces one ("Denies: S/A, B&B changes, sexual dysfunction").
    listed = ":" in gap or LIST_END.search(gap.rpartition(",")[2])
    if "," in gap and not (listed or LIST_GOES_ON.match(rest)):
        return False
    return len(WORD.findall(gap)) <= max_words


def _cleared_after(text: str, blanked: str, pos: int, flag: str) -> bool:
    """A verdict after the feature, or after the list it is in: "S/A, B&B changes: negative"."""
    imaging = flag in ("suspected_fracture", "cauda_equina")
    while True:
        if POST.match(text, pos) or flag == "cauda_equina" and POST_CHRONIC.match(text, pos):
            return True
        if blanked[pos : pos + 1] == "\0":
            while blanked[pos : pos + 1] == "\0":
                pos += 1
            continue
        step = FILLER.match(text, pos) or (imaging and IMAGING.match(text, pos))
        if not step:
            return False
        pos = step.end()
