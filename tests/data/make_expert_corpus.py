"""Build tests/data/expert_corpus.json: invented contact cards, and cases labelled with who helps.

    .venv/bin/python tests/data/make_expert_corpus.py  # rewrites the corpus: same seed, same file

Everyone and everything is invented. Cards: ~80 clinicians on the 11 sites of the demo, in the
three services, bands 4-8, each with 1-4 areas of expertise at a level; every condition has one
expert (a few have two, one of whom presents or has left), some people who are experienced in it
and some with an interest, and each body region has its own expert, so the right colleague is
rarely the only plausible one. A few people's special skill (shockwave, hydrotherapy, dancers...)
is written only in their own words on the card. Cases carry no identifier (no name, date, NHS
number): a title, a summary and a question as physios write them, with the body region given in
about three cases in four and the condition tagged in about one in two. Each case's `expected` is
the one colleague who should be found: the condition's expert (or the region's, or the person
with the skill) who is not the presenter and still active.

The case phrasings were written before the matcher's vocabulary. Cases 1-50 (`half: tuning`) are
the ones the matcher may be tuned on; cases 51-100 (`half: held_out`) use other phrasings of the
same conditions, so a vocabulary fitted to the tuning half gains nothing there for free.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from mskpeer.platform.content import site_names

SEED = 20260502
PEOPLE = 80
OUT = Path(__file__).with_name("expert_corpus.json")

REGIONS = ("cervical_spine", "thoracic_spine", "lumbar_spine", "pelvis_sij", "hip", "knee")
REGIONS += ("ankle_foot", "shoulder", "elbow", "wrist_hand")
SKILLS = ("injection_therapy", "return_to_work")  # on cards, never the point of a case
# Conditions with a second expert: in cases about them the other expert presents, or has left.
SECOND_EXPERT = {"knee_oa": "presents", "lumbar_radiculopathy": "presents"}
SECOND_EXPERT |= {"tendinopathy": "presents", "frozen_shoulder": "left", "acl_rehab": "left"}
SECOND_EXPERT |= {"persistent_pain": "left"}
LEVELS = ("interest", "experienced", "expert")

FIRST = "Aisha Bethan Callum Dinah Eamon Fern Gethin Hana Idris Joss Kemi Lorcan Maddie Nadim"
FIRST += " Orla Piers Rhiannon Saoirse Tomasz Ulla Vikram Wren Yusuf Zara Anwen Bilal Ceri"
FIRST += " Dougie Esme Farah Gus Hollie Ieuan Jolene Kwame Lowri Marek Niamh Oskar Petra"
LAST = "Abbott Bellamy Coombes Denning Eastwood Fairley Gulliver Hartnell Inskip Jolliffe"
LAST += " Kerslake Loveridge Marchant Northover Oakley Pardoe Quarrier Rendell Stickland Tizard"
AVAILABILITY = (
    "Teams messages any weekday; replies within 2 working days",
    "Tuesday and Thursday afternoons",
    "Clinic Mon-Wed, admin time Friday am",
    "Part time (Wed-Fri); email first",
    "Usually free 12:30-13:30",
    "Happy to join a call after 4pm",
)
CONTACT = ("Teams", "email", "phone via switchboard", "Teams or email")

# What physios write around the finding. Even entries are for the tuning half, odd for held-out.
OPENERS = [
    "Self-referral, 4/12 history.",
    "GP referral, symptoms about 6 weeks.",
    "Seen x4 so far.",
    "Referred by the FCP at the practice.",
    "Band 6 caseload, 3rd appointment today.",
    "Came through the MSK triage line.",
    "Long history, 2 years on and off.",
    "Transferred from another physio who has left.",
    "Sx 8/52.",
    "Re-referral within 6 months.",
]
TRIED = [
    "HEP compliant, 5 sessions so far.",
    "Has had a course of physio elsewhere with no change.",
    "Analgesia from GP with little benefit.",
    "Education and graded loading given.",
    "Manual therapy eases it for a day or two.",
    "Done the group exercise class already.",
    "Off work since it started.",
    "Works long shifts which makes attending hard.",
]
# (sentence, what it is about) so a case never has its own condition as history.
PAST_HISTORY = [
    ("PMH: T2DM, hypertension.", ""),
    ("PMH knee OA.", "knee_oa"),
    ("Also has longstanding LBP.", "low_back_pain"),
    ("Hx of osteoporosis.", "osteoporosis"),
    ("Previous ACL reconstruction 10 years ago.", "acl_rehab"),
    ("Known hypermobility.", "hypermobility"),
    ("Had a frozen shoulder on the other side a few years ago.", "frozen_shoulder"),
    ("Background of anxiety and depression.", ""),
    ("Old ankle sprains in her twenties.", "ankle_instability"),
    ("Carpal tunnel release 2019.", "carpal_tunnel"),
]
QUESTIONS = [
    "Would value ideas on what to try next.",
    "Should I refer to the MSK ESP service or keep going?",
    "Am I missing something? Keen to hear from anyone with experience of this.",
    "Who could I talk this through with before the next appointment?",
    "Is imaging indicated or would it change management?",
    "Any thoughts on prognosis to share with the patient?",
]

# Each condition: its region, titles and findings (a finding may name its own region), and how
# many cases are about it.
CONDITIONS: dict[str, dict] = {
    "frozen_shoulder": {
        "region": "shoulder",
        "cases": 3,
        "titles": [
            "Stiff painful shoulder, 5 months, not improving",
            "Capsulitis: hydrodilatation or keep going?",
            "Frozen shoulder in a diabetic patient",
            "Loss of ER R shoulder",
        ],
        "findings": [
            "Insidious onset R shoulder pain then stiffness; passive ER reduced to 10 deg, all "
            "planes painful at end range. T2DM. X-ray NAD.",
            "GP diagnosed adhesive capsulitis. Severe night pain in the freezing phase, can't lie "
            "on it. Passive external rotation markedly restricted compared to the other side.",
            "Capsular pattern of restriction on the left, ER worst. Had one GH joint injection "
            "with 6 weeks relief.",
            "Thawing phase now but still can't reach behind her back or do her hair. Passive ROM "
            "limited in every direction.",
        ],
    },
    "rotator_cuff": {
        "region": "shoulder",
        "cases": 3,
        "titles": [
            "RC related shoulder pain in a plasterer",
            "?Full thickness cuff tear",
            "Painful arc not settling",
            "Weak lifting arm overhead in a 66 year old",
        ],
        "findings": [
            "Painful arc 70-120, pain on resisted abduction and ER, full passive range. 12 weeks "
            "of loading with little change.",
            "USS shows a 1 cm full thickness supraspinatus tear. Can still lift arm overhead but "
            "pain at night.",
            "Lateral arm pain into the deltoid insertion, worse reaching overhead at work. "
            "Resisted ER weak and painful, positive Jobe's.",
            "Subacromial pain, had 2 steroid injections, now asking about surgery. Cuff strength "
            "4/5.",
        ],
    },
    "shoulder_instability": {
        "region": "shoulder",
        "titles": [
            "Shoulder keeps popping out",
            "Post-dislocation rehab, still apprehensive",
            "Unstable shoulder in a young swimmer",
        ],
        "findings": [
            "Recurrent anterior dislocations, 3 in the last year, plays rugby.",
            "Feels the shoulder slipping out when throwing, positive apprehension and relocation "
            "tests.",
            "Multidirectional instability in a 19 y/o swimmer, sulcus sign positive, painful "
            "clunking.",
        ],
    },
    "lateral_elbow_pain": {
        "region": "elbow",
        "titles": [
            "Tennis elbow not settling",
            "Lateral elbow pain in a joiner",
            "Chronic lateral epicondyle pain",
        ],
        "findings": [
            "Lateral elbow pain 8 months, pain on gripping and resisted wrist extension; two "
            "steroid injections with short relief.",
            "Struggling to hold tools, tender at the common extensor origin, grip strength "
            "reduced on the right.",
            "Lateral epicondylalgia, now considering a PRP injection privately; loading "
            "programme only partly helped.",
        ],
    },
    "carpal_tunnel": {
        "region": "wrist_hand",
        "cases": 3,
        "titles": [
            "Numb fingers at night",
            "?CTS, splint or refer for NCS",
            "Median nerve symptoms in a keyboard user",
        ],
        "findings": [
            "Night-time pins and needles thumb, index and middle finger, shakes the hand to "
            "relieve it. Positive Phalen's.",
            "Suspected carpal tunnel syndrome in pregnancy, numbness in the hand waking her at "
            "night.",
            "Nerve conduction studies show moderate median nerve compression at the wrist; "
            "night splint helped a bit.",
            "Tingling in the radial 3 and a half digits, thenar wasting starting.",
        ],
    },
    "hand_oa": {
        "region": "wrist_hand",
        "titles": ["Painful thumb base", "Hand OA self-management", "Arthritic fingers"],
        "findings": [
            "Thumb base pain, squaring of the CMC joint, grind test positive, struggles opening "
            "jars.",
            "Nodal OA of the fingers with Heberden's nodes, hands stiff in the morning for 20 "
            "minutes.",
            "Base of thumb osteoarthritis, wants to know about splinting and joint protection.",
        ],
    },
    "de_quervains": {
        "region": "wrist_hand",
        "titles": [
            "Radial sided wrist pain post partum",
            "Thumb tendon pain lifting baby",
            "De Quervain's recurring",
        ],
        "findings": [
            "Radial wrist pain in a new mum, positive Finkelstein's, swelling over the first "
            "dorsal compartment.",
            "Pain at the radial styloid on lifting the baby, thumb movements painful.",
            "De Quervain's tenosynovitis, injection helped for a month then it came back.",
        ],
    },
    "whiplash": {
        "region": "cervical_spine",
        "cases": 3,
        "titles": [
            "Neck pain after car accident not improving",
            "WAD, slow recovery",
            "Post RTC neck",
        ],
        "findings": [
            "Neck pain and headaches after a rear-end RTC 3 months ago, high distress, NDI 40%.",
            "WAD grade II after a car accident, stiff neck, poor sleep, anxious about driving.",
            "Neck pain following a shunt on the motorway, pain spreading into both shoulders, "
            "not back at work.",
        ],
    },
    "cervical_radiculopathy": {
        "region": "cervical_spine",
        "cases": 3,
        "titles": ["Arm pain from the neck", "Brachialgia not settling", "?C7 radic"],
        "findings": [
            "R arm pain into thumb and index finger, C6 dermatome, Spurling's positive, biceps "
            "reflex reduced.",
            "Neck and arm pain, arm worse than neck, MRI C5/6 foraminal narrowing with C6 nerve "
            "root contact.",
            "Brachialgia 8 weeks, pins and needles into the middle finger, triceps 4/5.",
        ],
    },
    "cervicogenic_headache": {
        "region": "cervical_spine",
        "titles": ["Headaches from the neck?", "Neck-related headache"],
        "findings": [
            "One-sided headache starting at the back of the neck, reduced C1/2 rotation on the "
            "flexion-rotation test.",
            "Headaches linked to neck posture at desk work, GP has excluded migraine.",
        ],
    },
    "lumbar_radiculopathy": {
        "region": "lumbar_spine",
        "cases": 3,
        "titles": [
            "Sciatica not settling at 3 months",
            "Leg dominant pain, ?refer for NRB",
            "Disc prolapse with leg pain",
            "Shooting leg pain",
        ],
        "findings": [
            "L leg pain worse than back, below knee into the lateral foot, SLR positive at 40 "
            "deg, reduced ankle jerk.",
            "Sciatica 10 weeks, MRI L5/S1 disc prolapse compressing the S1 nerve root, leg pain "
            "8/10.",
            "Radicular pain in an L5 distribution, EHL 4/5, considering nerve root block vs a "
            "surgical opinion.",
            "Shooting pain down the back of the thigh and calf with pins and needles in the "
            "foot, can't sit for long.",
        ],
    },
    "low_back_pain": {
        "region": "lumbar_spine",
        "cases": 3,
        "titles": [
            "Recurrent back pain in a nurse",
            "Fear avoidant back pain",
            "Back pain, no progress with exercise",
        ],
        "findings": [
            "Non-specific LBP for 2 years, fear of bending, high risk on STarT Back, avoids "
            "lifting.",
            "Recurrent mechanical low back pain, episodes every few months, no leg symptoms.",
            "Chronic back pain, lots of guarding and protective bracing, worried a disc has "
            "slipped.",
        ],
    },
    "spinal_stenosis": {
        "region": "lumbar_spine",
        "titles": [
            "Can only walk 5 minutes",
            "Neurogenic claudication, surgery or not?",
            "Lumbar stenosis in an 80 year old",
        ],
        "findings": [
            "Buttock and leg aching on walking, eased by sitting or leaning on the trolley.",
            "Neurogenic claudication, walking tolerance 100 yards, MRI central canal stenosis L3/4 "
            "and L4/5.",
            "Leg heaviness on standing and walking, better bending forward, vascular cause "
            "excluded.",
        ],
    },
    "axial_spa": {
        "region": "lumbar_spine",
        "titles": [
            "Inflammatory back pain?",
            "Morning stiffness in a 28 year old",
            "?Ankylosing spondylitis",
        ],
        "findings": [
            "Young man with back pain over 3 months, morning stiffness over an hour, better with "
            "exercise, wakes in the second half of the night.",
            "Inflammatory back pain features, raised CRP, HLA-B27 positive, history of uveitis.",
            "?axSpA, alternating buttock pain, NSAIDs help a lot.",
        ],
    },
    "pelvic_girdle_pain": {
        "region": "pelvis_sij",
        "cases": 3,
        "titles": ["Pelvic pain in pregnancy", "Postnatal pelvic girdle pain", "SPD"],
        "findings": [
            "28 weeks pregnant with pain over the symphysis pubis, worse turning in bed and on "
            "stairs.",
            "PGP postnatally, ASLR positive, struggles walking with the pram.",
            "Symphysis pubis dysfunction in second pregnancy, pain standing on one leg to dress.",
        ],
    },
    "sij_pain": {
        "region": "pelvis_sij",
        "titles": ["?SIJ pain", "Buttock pain after a fall"],
        "findings": [
            "Pain over the L PSIS, no pain above L5, positive thigh thrust and compression, 3 of "
            "5 provocation tests.",
            "Sacroiliac joint pain after a fall onto the buttock, worse sitting on that side.",
        ],
    },
    "hip_oa": {
        "region": "hip",
        "cases": 3,
        "titles": [
            "Hip OA, when to refer for joint replacement",
            "Groin pain and stiffness in a retired farmer",
            "Degenerative hip",
        ],
        "findings": [
            "Groin pain on walking, reduced IR and flexion, X-ray moderate joint space narrowing.",
            "Hip osteoarthritis, not keen on a THR, wants to keep walking the dog.",
            "Arthritic hip in a 68 year old, ESCAPE-pain done, still limping.",
        ],
    },
    "fai": {
        "region": "hip",
        "titles": [
            "FAI in a footballer",
            "Labral tear, conservative or arthroscopy",
            "Young adult hip pain",
        ],
        "findings": [
            "Young footballer with groin pain on deep squat, positive FADIR, cam morphology on "
            "X-ray.",
            "Hip impingement, clicking and catching, MR arthrogram shows a labral tear.",
            "Anterior hip pain in a 24 year old with reduced flexion and IR, pinching in sitting.",
        ],
    },
    "gtps": {
        "region": "hip",
        "cases": 3,
        "titles": ["Lateral hip pain", "GTPS not responding", "Trochanteric pain"],
        "findings": [
            "Lateral hip pain lying on her side at night, tender over the greater trochanter, "
            "pain on single leg stance.",
            "Gluteal tendinopathy in a menopausal woman, had 2 bursa injections.",
            "Trochanteric bursitis label from GP, pain crossing legs and on stairs.",
        ],
    },
    "knee_oa": {
        "region": "knee",
        "cases": 3,
        "titles": [
            "Knee OA in an overweight patient",
            "Arthritic knee, exercise not helping",
            "Knee pain and stiffness in a 70 year old",
        ],
        "findings": [
            "Medial knee pain, crepitus, morning stiffness under 30 min, X-ray shows medial "
            "compartment OA.",
            "OA knees bilaterally, BMI 38, struggling with stairs.",
            "Degenerative knee, told it is 'bone on bone', keen to avoid a TKR.",
        ],
    },
    "acl_rehab": {
        "region": "knee",
        "cases": 3,
        "titles": ["ACLR return to sport", "ACL deficient knee", "Quads weakness post ACL recon"],
        "findings": [
            "6 months post ACLR (hamstring graft), quads LSI 70%, wants to get back to netball.",
            "ACL rupture managed non-operatively, knee giving way on pivoting.",
            "Post ACL reconstruction, hop tests borderline, when is it safe to return to football.",
        ],
    },
    "patellofemoral_pain": {
        "region": "knee",
        "titles": ["Anterior knee pain in a 16 year old", "Runner's knee", "PFPS"],
        "findings": [
            "Anterior knee pain on stairs and squatting in a teenager, PFJ tender.",
            "PFP in a runner, pain after 5 km, sitting with knees bent is painful.",
            "Patellofemoral pain syndrome not responding to hip and quads strengthening.",
        ],
    },
    "meniscal_injury": {
        "region": "knee",
        "titles": ["?Meniscal tear", "Knee locking", "Degenerate meniscal tear, arthroscopy?"],
        "findings": [
            "Twisting injury playing football, medial joint line tenderness, locking and catching.",
            "Degenerate medial meniscus tear on MRI, 55 y/o, pain on kneeling.",
            "Knee locks intermittently, positive McMurray's, effusion after activity.",
        ],
    },
    "plantar_fasciitis": {
        "region": "ankle_foot",
        "cases": 3,
        "titles": ["Heel pain", "Plantar fasciitis, what next", "Painful heel in the morning"],
        "findings": [
            "Heel pain on first steps in the morning, tender at the medial calcaneal tubercle.",
            "Plantar heel pain 9 months, nurse on her feet 12 hours; tried insoles and stretching.",
            "Plantar fasciopathy with a thickened fascia on USS.",
        ],
    },
    "ankle_instability": {
        "region": "ankle_foot",
        "titles": ["Ankle keeps going over", "CAI after sprain"],
        "findings": [
            "Recurrent inversion sprains, ankle keeps giving way on uneven ground.",
            "Chronic lateral ankle instability after an ATFL injury, poor balance.",
        ],
    },
    "tendinopathy": {
        "region": "multiple",
        "cases": 3,
        "titles": [
            "Tendon pain not responding to loading",
            "Achilles pain in a runner",
            "Jumper's knee",
            "Tendon still sore after 6 months",
        ],
        "findings": [
            (
                "Midportion Achilles tendinopathy, morning stiffness, 6 months of heel drops.",
                "ankle_foot",
            ),
            ("Patellar tendinopathy in a volleyball player, pain on jumping and landing.", "knee"),
            ("Insertional Achilles pain, worse uphill, thickened tendon.", "ankle_foot"),
            ("Proximal hamstring tendinopathy, pain sitting on hard chairs.", "hip"),
        ],
    },
    "hypermobility": {
        "region": "multiple",
        "titles": [
            "Hypermobile young woman with widespread pain",
            "EDS and exercise",
            "Bendy joints and fatigue",
        ],
        "findings": [
            "Beighton 7/9, multiple joint pains, fatigue, dislocating patella in the past.",
            "hEDS diagnosis, subluxations of patella and shoulder, struggling with exercise "
            "tolerance.",
            "Joint hypermobility syndrome, widespread aches, clicking joints, dizzy on standing.",
        ],
    },
    "persistent_pain": {
        "region": "multiple",
        "cases": 3,
        "titles": [
            "Complex persistent pain",
            "Fibromyalgia, what can physio offer",
            "Pain that won't go away",
            "Chronic widespread pain",
        ],
        "findings": [
            "Widespread pain for 6 years, fibromyalgia diagnosis, poor sleep, catastrophising.",
            "Chronic pain, high distress, central sensitisation features, pain out of "
            "proportion to findings.",
            "Long term pain on opioids, wants to come off them, pacing not working.",
            "CRPS after a wrist fracture, allodynia and colour changes.",
        ],
    },
    "post_op_rehab": {
        "region": "multiple",
        "titles": [
            "Stiff knee after replacement",
            "Slow progress after hip replacement",
            "Rehab after lumbar fusion",
        ],
        "findings": [
            ("Stiff after TKR 10 weeks, flexion 80 degrees, ?MUA.", "knee"),
            ("Post THR, Trendelenburg gait persisting at 4 months.", "hip"),
            ("3 months after spinal fusion, unsure how hard to push the rehab.", "lumbar_spine"),
        ],
    },
    "sports_injury": {
        "region": "multiple",
        "cases": 3,
        "titles": [
            "Recurrent hamstring injury",
            "Return to play after groin strain",
            "Sporting muscle injury",
        ],
        "findings": [
            ("Hamstring strain in a sprinter, second recurrence this season.", "hip"),
            ("Rugby player with an acute adductor strain, wants to be back for a cup game.", "hip"),
            ("Calf strain in a veteran footballer, keeps recurring.", "ankle_foot"),
        ],
    },
    "osteoporosis": {
        "region": "multiple",
        "titles": [
            "Exercise with osteoporosis",
            "After a vertebral fragility fracture",
            "Bone health advice",
        ],
        "findings": [
            (
                "Osteoporotic vertebral fracture at T12 6 months ago, kyphosis, fear of moving.",
                "thoracic_spine",
            ),
            "Low bone density on DEXA, wants advice on safe exercise and lifting.",
            "Post menopausal with osteoporosis, on alendronate, had a fall last year.",
        ],
    },
    "inflammatory_arthritis": {
        "region": "multiple",
        "titles": ["RA flare", "PsA and exercise"],
        "findings": [
            (
                "Rheumatoid arthritis flare, swollen MCPs, rheumatology follow-up delayed.",
                "wrist_hand",
            ),
            ("Psoriatic arthritis, sausage toes, wants exercise advice.", "ankle_foot"),
        ],
    },
}

# Cases about a region with no clear condition: the region's expert is the one to ask.
REGION_CASES: dict[str, dict] = {
    "thoracic_spine": {
        "cases": 2,
        "titles": ["Mid back pain", "Pain between the shoulder blades"],
        "findings": [
            "Pain between the shoulder blades, rib pain on a deep breath, 6 weeks.",
            "Stiff T-spine in a rower, rotation painful both ways.",
        ],
    },
    "elbow": {
        "cases": 2,
        "titles": ["Posterior elbow pain", "Elbow stiffness"],
        "findings": [
            "Posterior elbow pain in a weightlifter, not at the lateral or medial side.",
            "Elbow stiffness after a dislocation, lacking 30 degrees of extension.",
        ],
    },
    "wrist_hand": {
        "cases": 2,
        "titles": ["Ulnar sided wrist pain", "Wrist still stiff after a fall"],
        "findings": [
            "Ulnar sided wrist pain, clicking on rotation, ?TFCC.",
            "Wrist pain after a fall 3 months ago, X-ray clear, still stiff and weak.",
        ],
    },
    "shoulder": {
        "titles": ["Shoulder not following any pattern", "Odd shoulder presentation"],
        "findings": [
            "Shoulder pain that doesn't fit any pattern, painful everywhere, tests equivocal.",
            "Shoulder pain with some neck referral, full range, pain on most tests.",
        ],
    },
    "knee": {
        "titles": ["Knee pain, unclear diagnosis", "Swollen knee on and off"],
        "findings": [
            "Knee pain with swelling on and off, no injury, all tests equivocal.",
            "Diffuse knee pain in a 40 year old, imaging normal, not sure what I am treating.",
        ],
    },
    "ankle_foot": {
        "cases": 2,
        "titles": ["Forefoot pain", "Midfoot pain in a walker"],
        "findings": [
            "Forefoot pain between the 3rd and 4th toes, ?Morton's neuroma.",
            "Midfoot pain in a long distance walker, swelling on the dorsum after walks.",
        ],
    },
}

# Skills written only in the person's own words on their card, with the areas they list.
NICHES: dict[str, dict] = {
    "bone_stress": {
        "cases": 2,
        "areas": [("sports_injury", "experienced"), ("knee", "interest")],
        "card": "Bone stress injuries in runners, RED-S screening and graded return to running",
        "region": "other",
        "tagged_as": "sports_injury",
        "titles": ["?Tibial BSI in a runner", "Shin pain in a female distance runner"],
        "findings": [
            (
                "Focal tibial tenderness in a marathon runner, hopping hurts, ?bone stress injury.",
                "other",
            ),
            ("Shin pain on running, periods stopped, low energy availability suspected.", "other"),
        ],
        "questions": [
            "Who knows about bone stress and RED-S?",
            "How should we plan a graded return to running?",
        ],
    },
    "hydrotherapy": {
        "areas": [("persistent_pain", "experienced"), ("knee_oa", "interest")],
        "card": "I run the hydrotherapy pool; aquatic rehab when land exercise is too hard",
        "region": "multiple",
        "titles": ["Would pool-based rehab help?", "Hydro for someone who can't do land exercise"],
        "findings": [
            "Can't tolerate land-based exercise at all, obese, painful everywhere.",
            "Flares with every land exercise tried, keen swimmer, wondering about the pool.",
        ],
        "questions": [
            "Is hydrotherapy an option and who could advise?",
            "Could aquatic therapy be worth a try?",
        ],
    },
    "shockwave": {
        "cases": 2,
        "areas": [("ankle_foot", "experienced")],
        "card": "I run the shockwave (ESWT) clinic; happy to screen referrals for it",
        "region": "ankle_foot",
        "titles": ["ESWT?", "Shockwave for a stubborn heel"],
        "findings": [
            "Failed 12 months of loading and orthoses for heel pain, considering shockwave.",
            "Insertional heel pain 2 years, keen to try shockwave therapy before surgery.",
        ],
        "questions": [
            "Who offers extracorporeal shockwave and would this case be suitable?",
            "Is ESWT available locally and who decides?",
        ],
    },
    "dance": {
        "areas": [("hypermobility", "interest"), ("ankle_foot", "interest")],
        "card": "Dance medicine: ballet and contemporary dancers, pointe readiness",
        "region": "ankle_foot",
        "titles": ["Ballet dancer with posterior ankle pain", "Injured dancer"],
        "findings": [
            "Ballet student with posterior ankle pain en pointe, ?posterior impingement.",
            "Contemporary dancer with ankle pain on releve and jumps, wants to perform in 6 weeks.",
        ],
    },
    "dizziness": {
        "cases": 2,
        "areas": [("cervical_spine", "experienced")],
        "card": "Cervicogenic dizziness, vestibular screening, BPPV repositioning",
        "region": "cervical_spine",
        "titles": ["Dizzy with neck pain", "Neck pain and dizziness"],
        "findings": [
            "Dizziness on turning the head, neck stiff, ?cervicogenic dizziness vs BPPV.",
            "Light-headed and unsteady with neck movements, Dix-Hallpike not done.",
        ],
    },
    "paediatrics": {
        "areas": [("knee", "experienced"), ("sports_injury", "interest")],
        "card": "Children and adolescents: Osgood-Schlatter, Sever's, growth-related pain",
        "region": "ankle_foot",
        "titles": ["Heel pain in a 12 year old footballer", "Growing pains?"],
        "findings": [
            "12 year old footballer with heel pain after training, ?Sever's.",
            (
                "Young teenager in a growth spurt, pain below the kneecap, ?Osgood-Schlatter.",
                "knee",
            ),
        ],
    },
    "orthotics": {
        "areas": [("ankle_foot", "interest")],
        "card": "Foot orthoses, insoles and bracing; walking gait assessment",
        "region": "ankle_foot",
        "titles": ["Flat feet and insoles", "Would a brace help?"],
        "findings": [
            "Flat feet with medial arch pain, wonders if custom insoles would help.",
            "Foot pain with overpronation, asking about orthoses or an ankle brace.",
        ],
    },
}

# What people write on their own card about each area (a different author from the cases).
CARD_WORDS: dict[str, list[str]] = {
    "frozen_shoulder": ["stiff shoulders and when to consider hydrodilatation", "frozen shoulder"],
    "rotator_cuff": ["rotator cuff tears and loading", "cuff related shoulder pain"],
    "shoulder_instability": ["unstable shoulders after dislocation", "shoulder instability rehab"],
    "lateral_elbow_pain": ["tennis elbow", "lateral elbow tendon pain"],
    "carpal_tunnel": ["carpal tunnel: splinting and when to refer", "CTS"],
    "hand_oa": ["hand and thumb OA", "joint protection for arthritic hands"],
    "de_quervains": ["de Quervain's", "radial wrist tendon problems"],
    "whiplash": ["whiplash and post-traffic-collision neck pain", "WAD"],
    "cervical_radiculopathy": ["cervical radiculopathy", "arm pain of neck origin"],
    "cervicogenic_headache": ["headaches of neck origin", "cervicogenic headache"],
    "lumbar_radiculopathy": ["sciatica and nerve root pain", "radicular leg pain, when to refer"],
    "low_back_pain": ["low back pain, CFT approach", "non-specific back pain"],
    "spinal_stenosis": ["lumbar spinal stenosis", "walking programmes for claudication"],
    "axial_spa": ["axial spondyloarthritis", "inflammatory back pain, early referral"],
    "pelvic_girdle_pain": ["pregnancy-related pelvic girdle pain", "PGP in and after pregnancy"],
    "sij_pain": ["SIJ pain", "sacroiliac joint assessment"],
    "hip_oa": ["hip OA and ESCAPE-pain", "hip arthritis: exercise before surgery"],
    "fai": ["hip impingement and labral problems", "FAI syndrome"],
    "gtps": ["lateral hip pain (GTPS)", "gluteal tendon pain"],
    "knee_oa": ["knee OA, GLA:D", "knee arthritis and weight management"],
    "acl_rehab": ["ACL rehab and return to sport testing", "ACL reconstruction rehab"],
    "patellofemoral_pain": ["anterior knee pain", "patellofemoral pain"],
    "meniscal_injury": ["meniscal tears, conservative care", "meniscus injuries"],
    "plantar_fasciitis": ["plantar heel pain", "plantar fasciitis"],
    "ankle_instability": ["ankle sprains and instability", "chronic ankle instability"],
    "tendinopathy": ["tendinopathy loading programmes", "Achilles and patellar tendon pain"],
    "hypermobility": ["hypermobility and hEDS", "hypermobile patients"],
    "persistent_pain": ["persistent pain, pain science education", "chronic pain and pacing"],
    "post_op_rehab": ["post-op rehab after joint replacement", "rehab after surgery"],
    "sports_injury": ["sports injuries and return to play", "muscle injuries in sport"],
    "osteoporosis": ["osteoporosis and safe exercise", "bone health"],
    "inflammatory_arthritis": ["inflammatory arthritis, RA and PsA", "rheumatology patients"],
    "injection_therapy": ["steroid injections", "injection therapy, shoulder and knee"],
    "return_to_work": ["return to work and fit notes", "vocational rehab"],
    "cervical_spine": ["neck pain", "cervical spine"],
    "thoracic_spine": ["thoracic pain", "T-spine and rib problems"],
    "lumbar_spine": ["lumbar spine", "back pain"],
    "pelvis_sij": ["pelvic pain", "pelvis and SIJ"],
    "hip": ["hip problems", "hip and groin"],
    "knee": ["knee problems", "knees"],
    "ankle_foot": ["foot and ankle", "foot and ankle problems"],
    "shoulder": ["complex shoulders", "shoulder problems"],
    "elbow": ["elbow problems", "elbows"],
    "wrist_hand": ["hand and wrist", "hand therapy"],
}


def build_cards(rng: random.Random, sites) -> tuple[list[dict], dict[str, list[str]]]:
    """The directory, and who the expert is in each condition and region."""
    names = [f"{f} {s}" for f in FIRST.split() for s in LAST.split()]
    rng.shuffle(names)
    cards = [
        {"clinician_id": f"clin-{n + 1:03d}", "name": names[n], "active": True, "expertise": []}
        for n in range(PEOPLE)
    ]
    order = list(range(PEOPLE))
    rng.shuffle(order)
    niche_people = [cards[n] for n in order[: len(NICHES)]]
    others = [cards[n] for n in order[len(NICHES) :]]
    experts: dict[str, list[str]] = {}
    expert_areas = [*CONDITIONS, *SKILLS, *REGIONS, *SECOND_EXPERT]
    for card, area in zip(others, expert_areas, strict=False):
        card["expertise"].append({"area": area, "level": "expert"})
        experts.setdefault(area, []).append(card["clinician_id"])
    for condition, why in SECOND_EXPERT.items():
        if why == "left":
            card = next(c for c in cards if c["clinician_id"] == experts[condition][1])
            card["active"] = False
    for card in rng.sample(others[len(expert_areas) :], 2):  # and two who left, experts in nothing
        card["active"] = False
    for level, per_area, areas in (
        ("experienced", 2, [*CONDITIONS, *SKILLS, *REGIONS]),
        ("interest", 2, [*CONDITIONS, *SKILLS]),
        ("interest", 1, REGIONS),
    ):
        for area in areas:
            for _ in range(per_area):
                card = _someone_without(area, others, rng)
                card["expertise"].append({"area": area, "level": level})
    for card, (niche, spec) in zip(niche_people, NICHES.items(), strict=True):
        card["expertise"] = [{"area": a, "level": lv} for a, lv in spec["areas"]]
        card["niche"] = niche
        experts[niche] = [card["clinician_id"]]
    for card in cards:
        _describe(card, rng, sites)
    return cards, experts


def _someone_without(area: str, people: list[dict], rng: random.Random) -> dict:
    """A person without this area and with room for it, the less busy more likely."""
    free = [c for c in people if len(c["expertise"]) < 4]
    free = [c for c in free if area not in {e["area"] for e in c["expertise"]}]
    fewest = min(len(c["expertise"]) for c in free)
    return rng.choice([c for c in free if len(c["expertise"]) <= fewest + 1])


def _describe(card: dict, rng: random.Random, sites) -> None:
    """Role, band and service follow the person's deepest expertise; the card's own words."""
    best = max((LEVELS.index(e["level"]) for e in card["expertise"]), default=0)
    if best == 2:
        role = rng.choice(
            ("esp", "esp", "fcp", "orthopaedic_practitioner", "consultant", "core_physio")
        )
        band = 8 if role == "consultant" else rng.choice((7, 7, 8, 6))
    else:
        role = rng.choice(("core_physio", "core_physio", "core_physio", "fcp"))
        band = rng.choice((4, 5, 5, 6, 6, 6, 7)) if role == "core_physio" else 7
    service = {"orthopaedic_practitioner": "orthopaedics", "consultant": "orthopaedics"}.get(
        role, "msk_esp" if role in ("esp", "fcp") else "core_physio"
    )
    niche = card.pop("niche", None)
    words = [NICHES[niche]["card"]] if niche else []
    for item in sorted(card["expertise"], key=lambda e: -LEVELS.index(e["level"])):
        said = rng.choice(CARD_WORDS[item["area"]])
        if item["level"] == "interest":
            said = rng.choice(("keen to learn more about ", "developing an interest in ")) + said
        words.append(said)
    if not niche and rng.random() < 0.3:
        words = []  # plenty of people never fill the box in
    text = "; ".join(words[:3])
    card.update(
        role=role,
        band=band,
        service=service,
        site=rng.choice(sites),
        happy_to_help_with=text[:1].upper() + text[1:] + ("." if text else ""),
        availability=rng.choice(AVAILABILITY),
        preferred_contact=rng.choice(CONTACT),
    )


def targets() -> list[tuple[str, str, dict]]:
    """(kind, target, spec) for each case: 2-3 cases per condition, 1-2 per region and skill."""
    found = []
    for name, spec in CONDITIONS.items():
        found += [("condition", name, spec)] * spec.get("cases", 2)
    for region, spec in REGION_CASES.items():
        found += [("region", region, {"region": region, **spec})] * spec.get("cases", 1)
    for name, spec in NICHES.items():
        found += [("niche", name, spec)] * spec.get("cases", 1)
    return found


def write_case(kind, target, spec, half, rng, cards, experts) -> dict:
    pool = 0 if half == "tuning" else 1  # each half draws on its own phrasings
    title = rng.choice(spec["titles"][pool::2])
    finding = rng.choice(spec["findings"][pool::2])
    finding, region = finding if isinstance(finding, tuple) else (finding, spec["region"])
    sentences = [rng.choice(OPENERS[pool::2]), finding]
    if rng.random() < 0.5:
        sentences.append(rng.choice(TRIED[pool::2]))
    if rng.random() < 0.3:
        history = [h for h in PAST_HISTORY[pool::2] if h[1] not in (target, region)]
        sentences.insert(1, rng.choice(history)[0])
    question = rng.choice(spec.get("questions", QUESTIONS)[pool::2])
    active = [c["clinician_id"] for c in cards if c["active"]]
    expected = [i for i in experts[target] if i in active]
    if SECOND_EXPERT.get(target) == "presents":
        presenter_id, expected_id = rng.sample(expected, 2)
    else:
        (expected_id,) = expected
        presenter_id = rng.choice([i for i in active if i != expected_id])
    presenter = next(c for c in cards if c["clinician_id"] == presenter_id)
    tagged = kind != "region" and rng.random() < 0.6
    tag = target if kind == "condition" else spec.get("tagged_as")
    return {
        "title": title,
        "summary": " ".join(sentences),
        "question": question,
        "body_region": region if rng.random() < 0.75 else None,
        "tags": [tag] if tagged and tag else [],
        "presenter_id": presenter_id,
        "presenter_service": presenter["service"] if rng.random() < 0.9 else None,
        "presenter_site": presenter["site"] if rng.random() < 0.9 else None,
        "expected": expected_id,
        "about": f"{kind}: {target}",
        "half": half,
    }


def demo_sites() -> tuple[str, ...]:
    """The demo's 11 sites, as the seed reads them (content/sites.yaml)."""
    return site_names()


def build(seed: int = SEED) -> dict:
    rng = random.Random(seed)
    cards, experts = build_cards(rng, demo_sites())
    planned = targets()
    rng.shuffle(planned)
    halves = {"tuning": planned[::2], "held_out": planned[1::2]}
    cases = []
    for half, plan in halves.items():
        for kind, target, spec in plan:
            cases.append(write_case(kind, target, spec, half, rng, cards, experts))
    for n, case in enumerate(cases):
        case["id"] = f"case-{n + 1:03d}"
    return {"seed": seed, "cards": cards, "cases": cases}


def main() -> None:
    corpus = build()
    OUT.write_text(json.dumps(corpus, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(corpus['cards'])} cards and {len(corpus['cases'])} cases to {OUT}")


if __name__ == "__main__":
    main()
