"""A third round of red-flag sentences, the second held-out set: written and committed before the
detector was run on them, or on the first held-out set's misses, and never tuned on.

Why a second set: the first held-out set (red_flag_pathways.HELD_OUT_*) was reported, and its
misses were then read to learn which kinds of wording the detector lacks. From then on it says
less about wording nobody has seen. This set keeps an honest measure. It mixes the clinician's
shorthand with the patient's own words as notes quote them ("can't feel when she's having a
wee"), American spellings, and screens negated in ways the earlier rounds did not use.
One flag per positive sentence; screens carry none.
"""

from __future__ import annotations

POSITIVES = [
    ("cauda_equina", "Pt says she can't feel when she's having a wee any more."),
    ("cauda_equina", "Numbness in her bottom and inner thighs since Tuesday."),
    ("cauda_equina", "He has wet the bed twice this week, never before."),
    ("cauda_equina", "Struggling to empty his bladder, has to push on his tummy."),
    ("cauda_equina", "Saddle anesthesia noted on examination."),
    ("cauda_equina", "Reduced sensation around the anus and genitals."),
    ("cauda_equina", "Doesn't know when his bowels need to open, soiled twice."),
    ("cauda_equina", "Cannot tell if she needs the toilet, new since the disc flare."),
    ("cauda_equina", "Leaking urine without realising, started 2 days ago."),
    ("cauda_equina", "Lost sensation during intercourse since the back pain started."),
    ("bilateral_neurology", "Pain now going down both legs to the feet."),
    ("bilateral_neurology", "Both feet feel numb, like walking on cotton wool."),
    ("bilateral_neurology", "Bilateral radicular symptoms L4/5 on examination."),
    ("bilateral_neurology", "Tingling in both legs when she stands for long."),
    ("bilateral_neurology", "Sciatica has moved to the other side too, now both legs."),
    ("bilateral_neurology", "Weak plantarflexion on both sides, S1 bilaterally."),
    ("progressive_neurology", "Foot drop is getting worse, now catching her toes on every step."),
    ("progressive_neurology", "Her grip has got noticeably weaker over the last 3 weeks."),
    ("progressive_neurology", "Numbness has spread from the thumb to the whole hand."),
    ("progressive_neurology", "Ankle power down to 2/5 from 4/5."),
    ("progressive_neurology", "Balance deteriorating with a broad-based gait, ?cord compression."),
    ("progressive_neurology", "Quads weakness progressing despite rest."),
    ("suspected_fracture", "Can't put any weight on the ankle since going over on it yesterday."),
    ("suspected_fracture", "Came off his bike, marked bony tenderness at the distal radius."),
    ("suspected_fracture", "Likely scaphoid fracture, thumb spica applied pending X-ray."),
    ("suspected_fracture", "Osteoporotic, sudden back pain lifting shopping, ?crush fracture."),
    ("suspected_fracture", "Hip pain and unable to walk since a fall at home last night."),
    ("suspected_fracture", "Ottawa knee rules +ve after the tackle."),
    ("malignancy", "Lost a lot of weight without trying, clothes now loose."),
    ("malignancy", "Pain wakes her every night and nothing eases it; had breast cancer."),
    ("malignancy", "Unintentional wt loss ~6 kg."),
    ("malignancy", "Background of metastatic prostate cancer, new mid-back pain."),
    ("malignancy", "Night pain that wakes him from sleep, PMH lung Ca."),
    ("malignancy", "?malignancy, urgent MRI requested."),
    ("malignancy", "Unexplained 8 kg weight loss since spring."),
    ("infection", "Temp 39.1 on arrival, shivering."),
    ("infection", "Knee red, hot and swollen since yesterday, feels unwell."),
    ("infection", "Feels feverish with sweats, post-op day 10."),
    ("infection", "?infected joint replacement, wound leaking."),
    ("infection", "Pyrexial 38.2, new back pain after a spinal injection."),
    ("infection", "Uses IV heroin; new neck pain."),
    ("inflammatory_arthritis", "Stiff for 2 hours every morning, hands and feet."),
    ("inflammatory_arthritis", "Swelling of several finger joints in both hands, ?inflammatory."),
    ("inflammatory_arthritis", "Sausage toe, family history of psoriasis, ?PsA."),
    ("inflammatory_arthritis", "Temporal headache and pain on chewing, ESR 80, ?GCA."),
    ("vascular", "Leg cold and white below the knee, no pulses felt."),
    ("vascular", "Calf swollen and painful after a long-haul flight, possible DVT."),
    ("vascular", "Throbbing lump in the tummy with back pain, ?aneurysm."),
    ("vascular", "Drop attacks and dizziness when turning his head."),
]

SCREENS = [
    "Pt denies any numbness between the legs and is passing urine normally.",
    "No change in bladder or bowel habit.",
    "Bowel and bladder: no issues.",
    "Sensation intact in the saddle area.",
    "Leg symptoms are one-sided only.",
    "Power and sensation unchanged from last visit.",
    "Weight steady, sleeping well.",
    "Breast cancer 20 years ago, all clear, no night pain.",
    "No trauma, weight bearing fully.",
    "Fracture of the 5th metatarsal 3 years ago, healed.",
    "Temp normal, no sweats.",
    "Has never injected drugs.",
    "Morning stiffness under 30 minutes.",
    "No temporal headache or jaw pain.",
    "Foot pulses palpable bilaterally.",
    "Told to go to A&E if she loses feeling when wiping or can't pass urine.",
    "No saddle anesthesia, no retention.",
    "Wakes once at night to turn over, settles quickly.",
    "Lost 4kg on a diet for her knees.",
    "No weakness in either leg.",
]
