"""The nerve red flags: cauda equina, bilateral and progressive neurology, as regular expressions.

The wording follows the national suspected cauda equina pathway (bilateral radicular pain, altered
saddle sensation, new bladder, bowel or sexual dysfunction, a severe or progressive deficit) and
the signs of myelopathy; contracts/red_flags.py decides which of them a note affirms.
"""

from __future__ import annotations

from contracts.red_flag_words import (
    LEG,
    LESS,
    NUMB,
    PARAESTHESIA,
    QUERY,
    SYMPTOM,
    alt,
)

# "B&B" is bladder and bowel; "S/A" saddle anaesthesia.
BB = r"(?:B\s?(?:&|\+|/|and)\s?B|(?:bladder|bowel)(?:\s*(?:and|or|&|/|\+)\s*(?:bladder|bowel))?)"
BB_PROBLEM = alt("dysfunction incontinence retention disturbance changes? problems? issues")
SADDLE = r"(?:saddle|peri-?anal|perineal)"
# The saddle as examiners and patients name it, and the sacral dermatomes that make it up.
# "The bottom of the foot" is not the saddle.
SADDLE_AREA = alt(
    "saddle(?:_area|_region|_distribution)? perine(?:um|al_area|al_region) peri-?anal_area anus"
    " peri-?anal_region genitals? genital_area private_parts back_passage bum bottom(?!_of)"
)
SACRAL = r"S[2-5]\s*(?:-|–|/|to)\s*S?[2-5]\b(?:\s+dermatomes?)?"
SENSE_LOST = rf"{NUMB}|pins\s+and\s+needles|(?:{LESS}|no)\s+(?:sensation|feeling|light\s+touch)"
# Not feeling the bladder or bowel: "can't feel when she's having a wee", "doesn't know when his
# bowels need to open", "cannot tell if she needs the toilet".
CANT_SENSE = alt("can't cannot can_not unable_to not_able_to doesn't does_not don't do_not")
CANT_SENSE = rf"{CANT_SENSE}\s+(?:always\s+|really\s+)?{alt('feel tell know sense notice')}"
TOILET = alt("wee(?:ing)? pee(?:ing)? urine urinat\\w* water poo(?:ing)? stools? bowels? toilet")
TOILET = rf"(?:{TOILET}|loo|bladder)"
FAECES = r"(?:fa?eces|stools?|poo)"
# "Explained symptoms of cauda equina" is teaching, not a finding ("pt explained she has ..." is).
TAUGHT = r"(?<!explained\s)(?<!explained\sthe\s)"

CAUDA_EQUINA = (
    rf"\b{SADDLE}\s+(?:area\s+|region\s+)?(?:{NUMB}|pins\s+and\s+needles|sensory\s+(?:loss|changes?)"
    rf"|altered\s+sensation)|\b{LESS}\s+{SADDLE}\s+sensation|\b{SADDLE}\s+sensation\s+(?:is\s+)?{LESS}"
    rf"|\b(?:{SENSE_LOST}|altered\s+sensation)\s+(?:(?:in|around|of|over|at|to)\s+(?:the\s+|her\s+"
    rf"|his\s+|their\s+)?(?:[\w-]+\s+)?{SADDLE_AREA}\b|between\s+(?:the\s+|her\s+|his\s+|their\s+)?legs)"
    rf"|\bnumb\s+(?:bum|bottom)|\b{SADDLE_AREA}\s+(?:area\s+|region\s+)?(?:is\s+|feels?\s+|felt\s+)?"
    rf"(?:numb\b|sensation\s+(?:is\s+)?{LESS})|\b(?:{SENSE_LOST})\s+(?:\w+\s+){{0,3}}?(?:in\s+|over\s+"
    rf"|at\s+)?(?:the\s+)?{SACRAL}|\b{SACRAL}\s+(?:sensation\s+)?(?:{LESS}|numb|an(?:a)?esthetic)"
    r"|\b(?:can't|cannot|unable\s+to)\s+feel\s+(?:the\s+)?(?:toilet\s+paper|wiping)"
    r"|\bbladder\s+not\s+emptying|\bdifficulty\s+(?:peeing|urinating)"
    # "S/A" is saddle anaesthesia in a spinal screen, but subacromial in a shoulder note.
    r"|(?<![\w/])S/A(?![\w/]|\s*(?:inj\w*|burs\w*|decompression|space|impingement|joint|steroid)\b)"
    rf"|\b(?:(?:new|recent|acute|sudden|worsening)\s+(?:onset\s+(?:of\s+)?)?)?(?:{BB}\s+(?:function\s+)?"
    rf"{BB_PROBLEM}|(?:urinary|fa?ecal)\s+(?:retention|incontinence))|\bincontinen(?:ce|t)\s+of\s+"
    rf"(?:urine|{FAECES})|\bretention\s+of\s+urine|\b(?:altered|disturbed|abnormal|loss\s+of)\s+"
    rf"{BB}(?:\s+(?:function|habits?|control))?|\b{BB}\s+(?:function\s+)?(?:altered|affected|disturbed"
    rf"|abnormal)|\bchanges?\s+(?:in|to)\s+{BB}|\b(?:new|recent|sudden)\s+(?:onset\s+(?:of\s+)?)?"
    r"(?:urinary\s+)?(?:urgency|hesitancy|frequency|poor\s+stream)|\b(?:difficulty|unable\s+to|trouble"
    r"|struggl\w+\s+to|problems?)\s+(?:(?:pass|initiat|start|empty)(?:e|es|ed|ing)?)\s+(?:(?:the|his|her"
    r"|their)\s+)?(?:urine|urination|a\s+stream|water|bladder)"
    rf"|\b{LESS}\s+(?:anal\s+)?(?:sphincter\s+)?(?:tone|squeeze)\b|\banal\s+(?:tone|squeeze)\s+(?:is\s+)?"
    rf"{LESS}|(?:{QUERY}|\b(?:incomplete|impending|evolving|early|developing|{TAUGHT}(?:signs|symptoms"
    r"|features)\s+of|concern\s+(?:re|for|about))\s+)(?:CES(?:-?[IR])?|cauda\s+equina(?:\s+syndrome)?)\b"
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
    # Not knowing when the bladder is full or the bowels need to open, in any words; losing
    # control; leaking without knowing; a new wet bed; a bladder left with a large residual.
    rf"|\b{CANT_SENSE}\s+(?:when|if|whether|that)\s+(?:[\w']+\s+){{0,3}}?{TOILET}\b"
    r"|\b(?:no|lost|loss\s+of|reduced)\s+awareness\s+(?:of\s+)?(?:(?:bladder|bowel|rectal)\s+)?"
    r"(?:fullness|filling|the\s+need)|\bunaware\s+(?:of|when)\s+(?:\w+\s+){0,2}?(?:full|fullness)\b"
    r"|\b(?:lost|losing|loss\s+of|no)\s+control\s+(?:of|over)\s+(?:(?:his|her|their|the)\s+)?"
    rf"(?:bladder|bowels?|waterworks)|\b(?:leak\w*|pass(?:ed|es|ing)?|lost)\s+(?:urine|wee|pee|{FAECES})"
    r"\s+without\s+(?:realisi?ng|realizing|knowing|noticing|warning|feeling)|\bwet\s+the\s+bed"
    r"|\b(?:post-?void\s+)?residual\s+(?:volume\s+)?(?:of\s+)?(?:[2-9]\d\d|\d{4})\s*ml\b"
)
SEXUAL = (
    r"\b(?:(?:new|recent)\s+)?(?:sexual|erectile)\s+dysfunction|\b(?:genital|penile)\s+numbness"
    r"|\b(?:loss\s+of|reduced|altered)\s+(?:genital|penile|vaginal)\s+sensation"
    r"|\bejaculatory\s+dysfunction|\b(?:loss\s+of|lost|reduced)\s+(?:sexual\s+function|libido)"
    r"|\b(?:loss\s+of|lost|reduced|altered|no)\s+(?:sensation|feeling)\s+(?:during|with|in)\s+"
    r"(?:intercourse|sex)\b"
)

NEURO = alt(f"weakness foot\\s*drop numbness loss_of_power sensory_loss {PARAESTHESIA}")
NEURO = alt(f"{NEURO} neurology neuro(?:logical)?_(?:deficit|signs|symptoms|loss)")
# Only body words between "progressive" and a deficit: "progressive loading for weakness" is rehab.
BODY = alt("left right bilateral lower upper limb leg arm hand foot ankle grip quads? hip")
BODY = rf"(?:(?:{BODY}|myotomal|L[1-5]|S1|C[5-8])\s+){{0,3}}"
WORSENING = alt("getting_worse worsening progressing progressive deteriorating spreading")
WORSENING = alt(f"{WORSENING} developing evolving")

DEFICIT = alt(f"weak(?:ness)? numb(?:ness)? tingl\\w* {PARAESTHESIA} pins_and_needles foot\\s*drop")
DEFICIT = alt(f"{DEFICIT} sensory_loss reduced_sensation")
NOT_HAND = r"(?!(?:hands?|wrists?|fingers?|thumbs?|arms?|carpal|upper)\b)"
BILATERAL = (
    r"\bbilat(?:eral)?\.?\s+(?:[\w-]+\s+){0,2}?"
    + alt(f"sciatica radicular_(?:pain|symptoms) radiculopathy {LEG}_{SYMPTOM}")
    + rf"|\bbilat(?:eral)?\.?\s+{SYMPTOM}\s+(?:in|of|down|into|affecting)\s+(?:the\s+)?{LEG}"
    rf"|\b{SYMPTOM},?\s+(?:[\w-]+,?\s+){{0,3}}?(?:in|down|into|of|affecting|through)\s+both\s+{LEG}"
    rf"|\bboth\s+{LEG}\s+(?:are\s+|feel\s+|feeling\s+|have\s+been\s+)?(?:going\s+)?(?:numb|weak|heavy|tingly"
    rf"|painful|affected|symptomatic|giving\s+way)|\b(?:{LEG}\s+{SYMPTOM}|sciatica|{SYMPTOM}\s+"
    rf"(?:in|down|into)\s+(?:the\s+)?{LEG})\s+(?:bilaterally|(?:on\s+)?both\s+sides)"
    # "Leg pain is now bilateral"; a deficit a few words from "bilateral" or "bilaterally"; not in
    # the hands, where both sides are carpal tunnels more often than a spine.
    rf"|\b(?:{LEG}\s+)?{SYMPTOM}\s+(?:is|are|has\s+become|have\s+become)\s+(?:now\s+)?bilateral\b"
    rf"|\bbilat(?:eral)?\.?\s+(?:{NOT_HAND}[\w/-]+\s+){{0,3}}?(?:{DEFICIT}|radicular|dermatomal"
    rf"|myotomal)\b|\b{DEFICIT}\s+(?:{NOT_HAND}[\w-]+\s+){{0,6}}?(?:bilaterally|(?:on|of)\s+both\s+sides)"
)
# An MRC grade and a lower one: "4/5 to 2/5" (each grade with the class of the grades below it).
DROPS = "|".join(rf"{was}(?:/5)?\s+to\s+[0-{was - 1}]/5" for was in range(1, 6))
DROPS = rf"(?<![/\d])(?:{DROPS})"
DROPS_NOW_WAS = "|".join(
    rf"{now}/5,?\s+(?:was|from|previously|down\s+from)\s+[{now + 1}-5]/5" for now in range(5)
)
DROPS_NOW_WAS = rf"(?<![/\d])(?:{DROPS_NOW_WAS})"
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
    r"(?:disturbance|unsteadiness)"
    # Power graded lower than before, in either order: "from 4/5 to 2/5", "now 3/5, was 4/5".
    rf"|\b(?:from\s+)?(?:{DROPS})\b|\b(?:now|down\s+to)\s+(?:{DROPS_NOW_WAS})\b"
    rf"|\b(?:increasingly|progressively)\s+(?:unsteady|weak|numb|clumsy|ataxic|off\s+balance)"
    rf"|\b(?:{NEURO}|grip|power|strength|balance|co-?ordination)\s+(?:has|have)\s+(?:got(?:ten)?|become"
    rf"|grown)\s+(?:\w+\s+)?(?:weaker|worse)|\b(?:{NEURO}|tingling|pins\s+and\s+needles)\s+(?:has|have)"
    rf"\s+spread|\b(?:balance|gait|grip|co-?ordination|dexterity)\s+(?:is\s+|has\s+been\s+)?{WORSENING}"
    # Upper motor neurone signs, and a spinal cord compression queried.
    r"|\bhyperreflexi[ac]|\b(?:upgoing|up-going|extensor)\s+plantars?|\b(?:positive|\+ve)\s+Babinski"
    rf"|\bsustained\s+clonus|{QUERY}(?:(?:spinal|metastatic)\s+)?(?:cord\s+compression|MSCC)\b"
)
