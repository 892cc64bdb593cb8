"""Red-flag phrases from the lists clinicians screen with, written the way notes write them.

Sources of the wording (paraphrased into invented notes, no real patient): the national suspected
cauda equina syndrome pathway's symptoms and signs (bilateral radicular pain, altered saddle
sensation, new bladder, bowel or sexual dysfunction, severe or progressive neurological deficit);
the spinal red flags for fracture, malignancy and infection; the signs of inflammatory arthritis
that need an urgent rheumatology referral; vascular signs (aneurysm, critical limb ischaemia,
cervical arterial dysfunction); progressive neurology and myelopathy. Beside them, the same
features negated, safety-netted or historical, as notes record a screen.

Each positive is (flag, sentence): a text holding the sentence carries that flag. The corpus
builder embeds each sentence in invented case text; `part()` says whether its texts are held out
(written before the detector was run on them, and never tuned on).
"""

from __future__ import annotations

POSITIVES = [
    # Cauda equina: the pathway's words and clinicians' shorthand for them.
    ("cauda_equina", "Reports reduced sensation when wiping after the toilet."),
    ("cauda_equina", "Says she cannot feel when her bladder is full."),
    ("cauda_equina", "New loss of the urge to pass urine since Monday."),
    ("cauda_equina", "Has to strain to pass urine, new this week."),
    ("cauda_equina", "Poor urinary stream for 2 days, new."),
    ("cauda_equina", "Cannot feel the urine passing."),
    ("cauda_equina", "Loss of sensation of rectal fullness."),
    ("cauda_equina", "One episode of faecal incontinence yesterday."),
    ("cauda_equina", "Numbness of the genitals since this morning."),
    ("cauda_equina", "Perianal numbness reported today."),
    ("cauda_equina", "Altered sensation in the saddle area on the right."),
    ("cauda_equina", "Patchy saddle numbness on testing."),
    ("cauda_equina", "Ejaculatory dysfunction since the back pain flared."),
    ("cauda_equina", "Pt reports loss of genital sensation with the LBP."),
    ("cauda_equina", "Urinary retention, bladder scan residual 600ml."),
    ("cauda_equina", "Impression: CES-I, sent to ED for MRI."),
    ("cauda_equina", "Incomplete cauda equina syndrome suspected."),
    ("cauda_equina", "Reduced anal tone on PR by the GP."),
    ("cauda_equina", "Describes new urinary frequency and hesitancy."),
    ("cauda_equina", "Loss of sexual function since the disc prolapse."),
    ("cauda_equina", "Wet herself twice this week without warning, new."),
    ("cauda_equina", "Tingling around the back passage since lifting."),
    # Bilateral radicular pain and neurology.
    ("bilateral_neurology", "Now has sciatica in both legs."),
    ("bilateral_neurology", "Radicular pain into both legs below the knee."),
    ("bilateral_neurology", "Alternating sciatica, now in both legs at once."),
    ("bilateral_neurology", "Bilateral radiculopathy on examination."),
    ("bilateral_neurology", "Pins and needles in both feet since Friday."),
    ("bilateral_neurology", "Numbness down both legs when standing."),
    ("bilateral_neurology", "Bilat leg weakness noted by the GP."),
    ("bilateral_neurology", "Both legs giving way on walking."),
    ("bilateral_neurology", "Weakness in both legs, worse after walking."),
    ("bilateral_neurology", "Bilateral foot numbness, new."),
    # Progressive neurology, myelopathy.
    ("progressive_neurology", "L5 power now 3/5, was 4/5 last week."),
    ("progressive_neurology", "Foot drop developing over 10 days."),
    ("progressive_neurology", "Progressive gait disturbance and clumsy hands."),
    ("progressive_neurology", "Hands getting clumsier, dropping cups; ?cervical myelopathy."),
    ("progressive_neurology", "Positive Hoffmann's and an unsteady gait."),
    ("progressive_neurology", "Worsening myotomal weakness at C7."),
    ("progressive_neurology", "Numbness spreading up the leg."),
    ("progressive_neurology", "Grip getting weaker week on week."),
    ("progressive_neurology", "Increasing foot drop, tripping on kerbs."),
    ("progressive_neurology", "Evolving neurological deficit in the right leg."),
    # Fracture.
    ("suspected_fracture", "Leg shortened and externally rotated after the fall."),
    ("suspected_fracture", "?NOF fracture, sent to ED."),
    ("suspected_fracture", "Sudden thoracic pain after coughing, ?osteoporotic fracture."),
    ("suspected_fracture", "?vertebral fracture on a background of long-term steroids."),
    ("suspected_fracture", "Query stress fracture of the navicular."),
    ("suspected_fracture", "Tender 5th metatarsal base after an inversion injury."),
    ("suspected_fracture", "Unable to weight bear after a fall from a ladder."),
    ("suspected_fracture", "Could not bear weight after the tackle, bony tenderness."),
    ("suspected_fracture", "Fracture cannot be excluded on the X-ray."),
    ("suspected_fracture", "Suspected scaphoid fracture, for repeat imaging."),
    ("suspected_fracture", "Possible insufficiency fracture of the sacrum."),
    # Malignancy.
    ("malignancy", "Hx breast Ca, now new thoracic pain at night."),
    ("malignancy", "Previous prostate Ca; constant night pain."),
    ("malignancy", "Unexplained weight loss of a stone since summer."),
    ("malignancy", "Lost 6kg without trying over 3 months."),
    ("malignancy", "Known bone metastases from a renal primary."),
    ("malignancy", "Non-mechanical pain, unrelieved by rest or lying down."),
    ("malignancy", "Pain at night that is constant and unremitting."),
    ("malignancy", "History of lung cancer; weight loss of 4kg."),
    ("malignancy", "Raised calcium and ESR, ?myeloma."),
    ("malignancy", "Suspected spinal metastases on the MRI report."),
    # Infection.
    ("infection", "Spiking temperatures since the injection."),
    ("infection", "Recent UTI, now back pain and fever."),
    ("infection", "?discitis, CRP 140."),
    ("infection", "Query osteomyelitis of the calcaneus."),
    ("infection", "Hot, swollen knee, unable to move it."),
    ("infection", "Wound red and oozing after the knee replacement."),
    ("infection", "Febrile at 38.6 in clinic."),
    ("infection", "Currently injects drugs; new thoracic pain."),
    ("infection", "On long-term steroids and methotrexate, new back pain."),
    ("infection", "Suspected septic arthritis of the wrist."),
    # Inflammatory arthritis: urgent rheumatology, and GCA the same day.
    ("inflammatory_arthritis", "Early morning stiffness over an hour, swollen MCPs."),
    ("inflammatory_arthritis", "Synovitis of several MCPJs, ?RA."),
    ("inflammatory_arthritis", "Positive MCP squeeze test both hands."),
    ("inflammatory_arthritis", "?inflammatory arthritis, for rheumatology."),
    ("inflammatory_arthritis", "Inflammatory back pain, young man, ?axial SpA."),
    ("inflammatory_arthritis", "Morning stiffness of 2 hours easing with activity."),
    ("inflammatory_arthritis", "Jaw claudication and scalp tenderness, ?GCA."),
    ("inflammatory_arthritis", "Multiple swollen, tender small joints of the hands."),
    ("inflammatory_arthritis", "Dactylitis of the 2nd toe with psoriasis, ?PsA."),
    ("inflammatory_arthritis", "Suspected ankylosing spondylitis; uveitis last year."),
    # Vascular.
    ("vascular", "Tearing back pain radiating to the abdomen, ?AAA."),
    ("vascular", "Pulsatile mass in the epigastrium on palpation."),
    ("vascular", "Foot cold, pale and pulseless."),
    ("vascular", "Calf swollen, hot and tender, ?DVT."),
    ("vascular", "Dizziness, diplopia and dysarthria with neck movement."),
    ("vascular", "Absent pedal pulses on the left."),
    ("vascular", "Suspected cervical arterial dysfunction after manipulation."),
    ("vascular", "Rest pain in the foot, worse when elevated, ?critical ischaemia."),
]

# Screens as notes write them: negated, safety-netted, historical or settled. No red flag.
SCREENS = [
    "No saddle anaesthesia or paraesthesia, no new bladder or bowel symptoms.",
    "Denies difficulty passing urine, urinary frequency or loss of urge.",
    "Bladder and bowel function normal, sexual function unchanged.",
    "Saddle sensation normal on testing.",
    "No bilateral leg symptoms; radicular pain is right sided only.",
    "CES symptoms explained and CES card given; to attend ED if they develop.",
    "Safety netted for CES: saddle numbness, B&B changes.",
    "Stress incontinence for years since her second child, unchanged.",
    "Neurology stable: power 4/5 L5, unchanged since March.",
    "No clumsiness of the hands, gait normal, Hoffmann's negative.",
    "Reflexes symmetrical, no upgoing plantars.",
    "Healed wrist fracture age 12.",
    "Previous ankle fracture 2015, fully healed.",
    "Able to weight bear from the start, no bony tenderness.",
    "X-ray: no fracture seen.",
    "No history of cancer, no weight loss.",
    "Breast cancer 15 years ago, discharged from oncology; no night pain.",
    "Intentional weight loss of 5kg with a slimming group.",
    "Pain at night only when lying on the affected side.",
    "No fever, sweats or rigors; CRP normal.",
    "Apyrexial in clinic.",
    "Previous septic arthritis of the knee in 2010, fully resolved.",
    "Not immunosuppressed, no IVDU.",
    "Morning stiffness for 10 minutes only.",
    "No synovitis, no swollen joints, squeeze test negative.",
    "No jaw claudication, scalp tenderness or visual disturbance.",
    "RA screen negative last year.",
    "Pedal pulses palpable, foot warm and well perfused.",
    "No dizziness, diplopia, dysarthria, dysphagia or drop attacks.",
    "Calf soft and non-tender, no swelling.",
    "No abdominal mass palpable.",
    "Red flags screened: nil.",
]


# The second round, written after the detector was tuned on everything above and frozen before
# the detector was run on it: the held-out part. (The first round's own held-out draw, 40% of the
# sentences above, was reported and then tuned on: see bench/README.md.)
HELD_OUT_POSITIVES = [
    ("cauda_equina", "Numb between the legs when she wipes, started yesterday."),
    ("cauda_equina", "Urinary incontinence overnight, first time ever."),
    ("cauda_equina", "Reduced sensation S3-S5 on the left on examination."),
    ("cauda_equina", "Bladder scan showed a residual of 450ml, no awareness of fullness."),
    ("cauda_equina", "Has lost control of his bowels twice since Sunday."),
    ("cauda_equina", "Decreased perineal sensation to light touch."),
    ("cauda_equina", "New erectile dysfunction with the sciatica."),
    ("cauda_equina", "Reports a loss of feeling on passing urine."),
    ("bilateral_neurology", "Leg pain is now bilateral, right worse than left."),
    ("bilateral_neurology", "Paraesthesia in both feet on walking."),
    ("bilateral_neurology", "Sciatic pain down both legs since the lift at work."),
    ("bilateral_neurology", "Bilateral L5 dermatomal numbness."),
    ("bilateral_neurology", "Weak ankle dorsiflexion bilaterally."),
    ("progressive_neurology", "Dorsiflexion has gone from 4/5 to 2/5 in a fortnight."),
    ("progressive_neurology", "Increasingly unsteady on her feet and dropping things."),
    ("progressive_neurology", "Worsening weakness of hip flexion over the week."),
    ("progressive_neurology", "Signs of myelopathy: hyperreflexia and a positive Hoffmann's."),
    ("progressive_neurology", "Spreading numbness from the foot to the knee."),
    ("suspected_fracture", "Fell onto an outstretched hand, snuffbox tenderness."),
    ("suspected_fracture", "Unable to weight bear following a twisting injury playing football."),
    ("suspected_fracture", "?insufficiency fracture of the pubic ramus after a minor fall."),
    ("suspected_fracture", "Point tenderness over the spinous process after the fall."),
    ("suspected_fracture", "Possible wedge fracture of T12, on alendronate."),
    ("malignancy", "PMH bowel cancer, now constant thoracic pain worse at night."),
    ("malignancy", "Weight loss of 10kg over 2 months, unexplained."),
    ("malignancy", "Query bony metastases on the bone scan."),
    ("malignancy", "Night pain unrelieved by any position, history of melanoma."),
    ("malignancy", "Suspected malignancy, 2WW referral made."),
    ("infection", "Temperature of 38.9 and rigors overnight."),
    ("infection", "Red, hot, swollen elbow, cannot move it."),
    ("infection", "Suspected spinal infection, CRP 210."),
    ("infection", "History of IV drug use, new severe back pain."),
    ("infection", "Feverish and sweating at night for a week."),
    ("inflammatory_arthritis", "Morning stiffness lasting 90 minutes, hands swollen."),
    ("inflammatory_arthritis", "Swollen MCPJs bilaterally, ?rheumatoid arthritis."),
    ("inflammatory_arthritis", "New headache, jaw claudication, ?temporal arteritis."),
    ("inflammatory_arthritis", "Inflammatory back pain with good response to NSAIDs, ?AS."),
    ("inflammatory_arthritis", "Bilateral shoulder girdle stiffness, ?PMR."),
    ("vascular", "Pale, cold right foot with absent pulses."),
    ("vascular", "Pulsatile abdominal mass felt by the GP."),
    ("vascular", "Sudden neck pain and headache, ?vertebral artery dissection."),
    ("vascular", "Swollen tender calf after the flight, ?DVT."),
]
HELD_OUT_SCREENS = [
    "No numbness between the legs, continent of bladder and bowel.",
    "Saddle sensation and anal tone normal per GP.",
    "Symptoms in the right leg only, left leg clear.",
    "Power 5/5 throughout, reflexes normal, plantars downgoing.",
    "Old compression fracture of L1 from 2012, stable.",
    "Fully weight bearing, no bony tenderness, Ottawa negative.",
    "Weight stable, no night pain.",
    "Temperature 36.5, feels well.",
    "No history of IV drug use.",
    "Morning stiffness 15 minutes.",
    "No swollen joints, bloods including CRP normal.",
    "Foot warm, pulses present.",
    "CES warning signs discussed; knows to go to ED.",
    "Previous DVT 2018, treated, no current calf symptoms.",
]


def part(phrase: str) -> str:
    """'held_out' for the second round's sentences, 'tune' for the first round's."""
    return "held_out" if phrase in _HELD_OUT else "tune"


_HELD_OUT = {sentence for _, sentence in HELD_OUT_POSITIVES} | set(HELD_OUT_SCREENS)
