"""The red-flag features: what each flag looks like in a clinician's note, as regular expressions.

contracts/red_flags.py reads a text with these and decides which are affirmed (not negated,
historical or safety-netted). The wording comes from the red-flag lists clinicians screen with:
fracture (the Ottawa rules), malignancy, infection, inflammatory arthritis and vascular signs
here; the national cauda equina pathway and progressive neurology in red_flag_neurology.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contracts.red_flag_neurology import BILATERAL, CAUDA_EQUINA, PROGRESSIVE, SEXUAL
from contracts.red_flag_words import QUERY, alt, rx


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


def _feature(pattern: str) -> re.Pattern:
    # A feature starts at a word or a "?" after a space: skipping mid-word positions at once
    # halves the time the engine spends on its many alternatives.
    return rx(rf"(?<!\w)(?:{pattern})")


# Building blocks; "#" is a fracture.
TRAUMA = alt("falls? fell falling trauma injury RTC collision FOOSH accident tackle twist\\w*")
TRAUMA = rf"(?:{TRAUMA}|inversion|sprain\w*|RTA|slipped|tripped|rolled|knocked\s+(?:off|over)"
TRAUMA += r"|(?:went|gone|going|goes)\s+over\s+on|(?:came|come|coming)\s+off)"
UNABLE_WB = alt("unable_to not_able_to can't cannot could_not couldn't") + r"\s+(?:fully\s+)?"
UNABLE_WB += alt(
    "weight-?\\s?bear\\w* WB bear_(?:any_)?weight put_(?:any_)?weight_(?:through|on) walk"
)
BONY = r"(?:bony|point|focal|bone|snuffbox|scaphoid)\s+tender(?:ness)?"
BONY += r"|tender(?:ness)?\s+(?:in|over)\s+(?:the\s+)?(?:anatomical\s+)?snuffbox"
# The Ottawa rules' bony points: the malleoli, the navicular and the base of the 5th metatarsal.
OTTAWA = (
    r"(?:(?:base\s+of\s+(?:the\s+)?)?(?:5th|fifth)\s+metatarsal(?:\s+base)?|navicular|(?:medial\s+"
)
OTTAWA += r"|lateral\s+)?malleol(?:us|i))"
BONY += rf"|tender(?:ness)?\s+(?:over\s+|at\s+)?(?:the\s+)?{OTTAWA}"
BONY += rf"|{OTTAWA}\s+(?:is\s+)?tender(?:ness)?"
RELIEF = alt("rest positions? lying(?:_down)? any_position changing_position movement")
UNRELIEVED = alt("unrelieved not_relieved not_eased unaffected") + rf"\s+by\s+{RELIEF}"
UNRELIEVED += rf"(?:\s*(?:or|/|and)\s*{RELIEF})?"
NIGHT = alt("night_pain pain_at_night night-time_pain nocturnal_pain")
CANCER = alt("cancer malignancy carcinoma metasta(?:ses|sis) metastatic_disease mets myeloma")
CANCER = alt(f"{CANCER} lymphoma sarcoma melanoma leuka?emia tumou?r neoplas\\w* Ca")
ORGAN = alt("breast prostate lung renal kidney thyroid bowel colon colorectal ovarian skin")
KG = r"\d+(?:\.\d+)?\s*(?:kg|kgs|stone|st|lbs?|pounds)"
JOINT = alt("joint knee ankle wrist elbow shoulder hip toe finger MTPJ foot hand") + "s?"
# Hot with redness or swelling, in any order: "red, hot and swollen", "swollen, hot and red".
INFLAMED = r"(?:red|swollen|erythematous|warm)"
HOT_LIST = rf"(?:(?:{INFLAMED},?\s+(?:and\s+)?)+hot(?:,?\s+(?:and\s+)?{INFLAMED})*"
HOT_LIST += rf"|hot(?:,?\s+(?:and\s+)?{INFLAMED})+)\b"
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
HISTORY = alt("PMH past_(?:medical_)?history history hx h/o previous prev past known treated had")
HISTORY = alt(f"{HISTORY} background(?:_of)? survivor_of")
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
    r"|\bmetastatic\s+(?:[\w-]+\s+){0,2}?(?:cancer|Ca|carcinoma|disease)\b"
)
WAKES = r"\bpain\s+(?:that\s+|which\s+)?(?:wakes|waking|woke|wakening)\s+(?:\w+\s+){0,2}?(?:up\b"
WAKES += r"|from\s+sleep|(?:every|each|at)\s+night)|\bwak(?:es|ing|ened)\s+(?:\w+\s+){0,2}?(?:with"
WAKES += r"|from|by)\s+pain"
ANY_NIGHT_PAIN = rf"\b{NIGHT}|{WAKES}"
# Pain at night that nothing eases is not mechanical, whatever words say so.
NOTHING_EASES = r"nothing\s+(?:eases|helps|relieves|settles)|not\s+(?:eased|relieved|helped)\s+by"
NOTHING_EASES += r"\s+anything|no\s+(?:position|posture)\s+(?:eases|helps|is\s+comfortable)"
NIGHT_PAIN += rf"|(?:\b{NIGHT}|{WAKES})[^.;\n]{{0,40}}?\b(?:{NOTHING_EASES})"
UNEXPLAINED = alt("unexplained unintentional unintended unplanned unexpected")
NOT_TRYING = alt("without_(?:trying|dieting|meaning_to|explanation) for_no_(?:\\w+_)?reason")
NOT_TRYING = alt(f"{NOT_TRYING} not_trying unexplained unintentionally unintentional")
NOT_TRYING = alt(f"{NOT_TRYING} no_(?:obvious_|clear_|known_)?(?:explanation|cause)")
AMOUNT = rf"(?:~\s*)?(?:{KG}|a\s+(?:lot|stone)(?:\s+of)?|lots\s+of|some|so\s+much)"
# "Unexplained 8 kg weight loss", "weight loss of 10kg over 2 months, unexplained", "lost a lot of
# weight without trying": a loss and the word that it was not meant, a few words apart.
WEIGHT_LOSS = (
    rf"\b{UNEXPLAINED}\s+(?:{AMOUNT}\s+(?:of\s+)?)?(?:weight|wt)\s+loss(?:\s+of\s+{AMOUNT})?"
    rf"|\b(?:weight|wt)\s+loss\b[^.;\n]{{0,30}}?\b{NOT_TRYING}"
    rf"|\b(?:lost|losing)\s+(?:{AMOUNT}\s+)?(?:of\s+)?(?:weight\s+)?(?:in\s+\d+\s+\w+\s+)?{NOT_TRYING}"
    r"|\bweight\s+(?:dropping|falling)\s+off"
)
NOT_DIET = alt("programme program goal target group surgery injections? plan advice")
ANY_WEIGHT_LOSS = (
    rf"\b(?:weight|wt)\s+loss\b(?!\s+{NOT_DIET})|\blost\s+(?:{AMOUNT}\s+(?:of\s+)?)?weight"
)
ANY_WEIGHT_LOSS += rf"|\blost\s+{KG}|\bclothes\s+(?:are\s+|now\s+)*(?:loose|baggy|hanging\s+off)"
SITE = alt("spinal spine bone disc deep prosthetic periprosthetic wound vertebral epidural")
INFECTION = (
    r"(?<!hay\s)(?<!glandular\s)(?<!scarlet\s)(?<!rheumatic\s)\b(?:feverish|fevers?|febrile"
    r"|pyrexi(?:a|al)|rigou?rs|(?:night|drenching)\s+sweats|(?:high|raised)\s+temperature|feel(?:s|ing)?\s+hot\s+and\s+cold"
    r"|(?:temp(?:erature)?|T)\s*(?:of\s+|was\s+|=\s*|:\s*)?(?:3[89]|4[01])(?:\.\d)?(?:\s*°?C\b)?"
    r"|sweat(?:s|ing|y)\s+(?:at|during\s+the)\s+night|night-?time\s+sweat\w*)(?!\w)"
    r"|\b(?:(?:red|erythematous),?\s+)?hot,?\s+(?:and\s+)?(?:red,?\s+(?:and\s+)?)?swollen(?:\s+"
    rf"(?:and\s+)?red)?(?:\s+(?:[\w-]+\s+)?{JOINT}\b)?|\b{JOINT}\s+(?:is\s+)?hot\s+and\s+swollen"
    rf"|\bswollen,?\s+(?:and\s+)?hot\s+{JOINT}\b|{QUERY}(?:septic\s+arthritis|infection|discitis"
    r"|osteomyelitis|sepsis)|\bseptic\s+(?:arthritis|joint)|\b(?:discitis|osteomyelitis|epidural"
    r"\s+abscess|IVDU|PWID)\b|\b(?:IV|intravenous)\s+(?:drugs?|heroin|opiates?)(?:\s+(?:use|user|misuse|abuse))?\b"
    r"|\binject(?:s|ing)\s+(?:drugs|heroin)|\binjecting\s+drug\s+use|\b(?:spiking|swinging|raised"
    r"|high)\s+temp(?:erature)?s?\b|\bwound\s+(?:is\s+)?(?:red|hot|oozing|discharging|infected"
    r"|breaking\s+down)|\b(?:red|hot|oozing|discharging|infected)\s+wound|\bwound\s+infection"
    # An infection queried at a site ("suspected spinal infection"); an infected replacement.
    rf"|{QUERY}(?:(?:{SITE}|{JOINT})\s+){{0,2}}(?:infection|infected|abscess|sepsis)\b"
    rf"|\binfected\s+(?:(?:{JOINT}|total)\s+)?(?:joint|prosthesis|replacement|TKR|THR|TKA|THA|metalwork)"
    rf"|\b{JOINT}\s+(?:is\s+|was\s+|looks\s+|feels\s+)?{HOT_LIST}"
)
IMMUNOSUPPRESSED = r"\bimmuno(?:suppressed|compromised|suppression)\b|\bon\s+immunosuppress\w+"
# The drug that suppresses, when the note did not say "immunosuppressed" already.
IMMUNOSUPPRESSED += r"|(?<!suppressed\s)(?<!compromised\s)\bon\s+(?:long-?term\s+)?(?:oral\s+)?"
IMMUNOSUPPRESSED += r"(?:steroids|prednisolone|methotrexate"
IMMUNOSUPPRESSED += r"|biologics?|chemo(?:therapy)?)\b"
# Inflammatory arthritis needs an urgent rheumatology referral; giant cell arteritis the same day.
LONG = (
    r"(?:over\s+|more\s+than\s+|>\s*|at\s+least\s+)?(?:an?\s+hour|1\s*h(?:ou)?r|\d+\s*(?:hours|hrs)"
)
LONG += r"|[3-9]\d\s*min\w*)"
INFLAMMATORY = (
    rf"\b(?:early\s+)?morning\s+stiffness\s+(?:of\s+|for\s+|lasting\s+)?{LONG}"
    r"|\bsynovitis\b|\bdactylitis\b|\b(?:MCP|MTP)\s+squeeze\s+test\s+(?:is\s+)?(?:positive|\+ve)"
    r"|\bpositive\s+(?:MCP\s+|MTP\s+)?squeeze\s+test|\bswollen\s+(?:and\s+tender\s+)?(?:MCP|PIP|MTP)"
    r"(?:J|joint)?s\b|\b(?:multiple|several|many|symmetrical)\s+(?:swollen|tender|inflamed|hot)\b"
    r"|\binflammatory\s+back\s+pain|\bjaw\s+claudication|\bscalp\s+tenderness"
    # Long stiffness in the mornings however it is put; swelling of many small joints; a sausage
    # digit is dactylitis.
    rf"|\bstiff(?:ness)?\s+(?:for\s+)?{LONG}\s+(?:every|each|in\s+the|first\s+thing\s+in\s+the)\s+morning"
    r"|\b(?:swelling|synovitis)\s+(?:of|in)\s+(?:the\s+)?(?:multiple|several|many|most|small)\s+"
    r"(?:[\w-]+\s+)?joints|\bswollen\s+(?:finger|small|hand|toe)\s+joints|\bsausage\s+(?:toes?|fingers?"
    r"|digits?)"
    rf"|{QUERY}(?:RA|rheumatoid(?:\s+arthritis)?|inflammatory\s+(?:arthritis|arthropathy)|(?:axial\s+)?"
    r"(?:axSpA|SpA|spondyloarthritis|spondyloarthropathy)|ankylosing\s+spondylitis|PsA|psoriatic"
    r"\s+arthritis|GCA|giant\s+cell\s+arteritis|temporal\s+arteritis|PMR|polymyalgia(?:\s+rheumatica)?)\b"
)
LIMB = r"(?:limb|leg|foot|arm|hand)"
PALE = r"(?:cold|pale|pulseless|mottled|white)"
DS = r"(?:dizziness|diplopia|dysarthria|dysphagia|drop\s+attacks|nystagmus|ataxia)"
VASCULAR = (
    rf"\bpulsatile\s+(?:abdominal\s+|epigastric\s+)?mass|{QUERY}(?:\w+\s+){{0,2}}?(?:AAA|aneurysm)\b"
    r"|\b(?:pulsatile|pulsating|throbbing)\s+(?:lump|mass|swelling)\s+(?:in\s+(?:the|his|her|my)\s+)?"
    r"(?:abdomen|tummy|belly|stomach|epigastrium)|\b(?:cold|pale|pulseless"
    r"|mottled)(?:,?\s+(?:and\s+)?(?:cold|pale|pulseless|mottled))+\s+(?:left\s+|right\s+)?(?:limb"
    r"|leg|foot|arm|hand)\b|\b(?:absent|reduced|weak|impalpable|diminished|no)\s+(?:foot\s+|pedal\s+"
    r"|distal\s+|DP\s+|PT\s+|dorsalis\s+pedis\s+)?pulses?\b|\b(?:foot\s+|pedal\s+|distal\s+)?pulses"
    r"\s+(?:are\s+|were\s+)?(?:absent|impalpable|not\s+(?:palpable|palpated|felt))"
    rf"|\b{LIMB}\s+(?:is\s+|was\s+|feels\s+)?{PALE}(?:,?\s+(?:and\s+)?{PALE})+"
    rf"|{QUERY}(?:DVT|deep\s+vein\s+thrombosis|critical\s+(?:limb\s+)?isch(?:a)?emia|isch(?:a)?emic\s+"
    r"(?:limb|leg|foot)|cervical\s+arter(?:y|ial)\s+dysfunction|CAD|VBI|vertebrobasilar\s+insufficiency"
    r"|(?:vertebral|carotid)\s+(?:artery\s+)?dissection|dissection)\b|\b(?:vertebral|carotid)\s+"
    r"(?:artery\s+)?dissection|\bisch(?:a)?emic\s+rest\s+pain|\bcalf\s+(?:is\s+)?(?:swollen|hot|red)"
    rf"(?:,?\s+(?:and\s+)?(?:swollen|hot|red|tender|painful))+|\b{DS}(?:,?\s+(?:and\s+|or\s+)?{DS})+"
    r"|\bswollen,?\s+(?:and\s+)?(?:tender|painful|hot|red)\s+calf"
)
BACK = rx(r"\b(?:back|lumbar|LBP|sciatica|spine|spinal|radicular|disc|L[1-5]|S1)\b")
PAIN = rx(r"\b(?:pain\w*|ache|aching|sore)\b")

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
