"""The red-flag features: what each flag looks like in a clinician's note, as regular expressions.

contracts/red_flags.py reads a text with these and decides which are affirmed (not negated,
historical or safety-netted). The wording comes from the red-flag lists clinicians screen with:
the national cauda equina pathway, fracture (the Ottawa rules), malignancy, infection,
inflammatory arthritis, vascular signs and progressive neurology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def _feature(pattern: str) -> re.Pattern:
    # A feature starts at a word or a "?" after a space: skipping mid-word positions at once
    # halves the time the engine spends on its many alternatives.
    return rx(rf"(?<!\w)(?:{pattern})")


def alt(words: str) -> str:
    """'a b_c d?' -> '(?:a|b\\s+c|d?)': alternatives split on spaces, "_" for any whitespace."""
    return "(?:" + "|".join(word.replace("_", r"\s+") for word in words.split()) + ")"


# Building blocks. "B&B" is bladder and bowel; "S/A" saddle anaesthesia; "#" fracture.
TRAUMA = alt("falls? fell falling trauma injury RTC collision FOOSH accident tackle twist\\w*")
TRAUMA = rf"(?:{TRAUMA}|slipped|tripped)"
UNABLE_WB = alt("unable_to not_able_to can't cannot could_not couldn't") + r"\s+(?:fully\s+)?"
UNABLE_WB += alt("weight-?\\s?bear\\w* WB bear_(?:any_)?weight put_(?:any_)?weight_(?:through|on)")
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
BB_PROBLEM = alt("dysfunction incontinence retention disturbance changes? problems? issues")
SADDLE = r"(?:saddle|peri-?anal|perineal)"
LESS = alt("altered reduced decreased diminished impaired absent loss_of lost lax poor")
PARAESTHESIA = r"par(?:a)?esthesi(?:a|ae)"
NUMB = alt(f"an(?:a)?esthesia numb(?:ness)? {PARAESTHESIA} hypo(?:a)?esthesia tingling")
LEG = alt("legs? lower_limbs? LLs? feet foot thighs calves")
SYMPTOM = alt(f"pain numb(?:ness)? weak(?:ness)? {PARAESTHESIA} pins_and_needles tingling")
SYMPTOM = alt(f"{SYMPTOM} symptoms sciatica radicular_(?:pain|symptoms) heaviness burning")
NEURO = alt(f"weakness foot\\s*drop numbness loss_of_power sensory_loss {PARAESTHESIA}")
NEURO = alt(f"{NEURO} neurology neuro(?:logical)?_(?:deficit|signs|symptoms|loss)")
# Only body words between "progressive" and a deficit: "progressive loading for weakness" is rehab.
BODY = alt("left right bilateral lower upper limb leg arm hand foot ankle grip quads? hip")
BODY = rf"(?:(?:{BODY}|myotomal|L[1-5]|S1|C[5-8])\s+){{0,3}}"
RELIEF = alt("rest positions? lying(?:_down)? any_position changing_position movement")
UNRELIEVED = alt("unrelieved not_relieved not_eased unaffected") + rf"\s+by\s+{RELIEF}"
UNRELIEVED += rf"(?:\s*(?:or|/|and)\s*{RELIEF})?"
NIGHT = alt("night_pain pain_at_night night-time_pain nocturnal_pain")
CANCER = alt("cancer malignancy carcinoma metasta(?:ses|sis) metastatic_disease mets myeloma")
CANCER = alt(f"{CANCER} lymphoma sarcoma melanoma leuka?emia Ca")
ORGAN = alt("breast prostate lung renal kidney thyroid bowel colon colorectal ovarian skin")
KG = r"\d+(?:\.\d+)?\s*(?:kg|kgs|stone|st|lbs?|pounds)"
JOINT = alt("joint knee ankle wrist elbow shoulder hip toe finger MTPJ foot hand") + "s?"
QUERY = r"(?:\?\s?|\b(?:query|suspected|suspicion\s+of|possible|probable|likely)\s+)"
WORSENING = alt("getting_worse worsening progressing progressive deteriorating spreading")
WORSENING = alt(f"{WORSENING} developing evolving")

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
    + alt(f"sciatica radicular_(?:pain|symptoms) radiculopathy {LEG}_{SYMPTOM}")
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
HISTORY = alt("PMH past_(?:medical_)?history history hx h/o previous prev past known treated")
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
NOT_DIET = alt("programme program goal target group surgery injections? plan advice")
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
