"""The clinical vocabulary of contact cards: conditions and skills, their body region, their words.

A tag is what a card's expertise and a case's tags say (`frozen_shoulder`); its phrases are what
clinicians write in notes for it, clinical and lay, with the abbreviations a UK MSK service uses
("adhesive capsulitis", "stiff painful shoulder", "FS"). A phrase written "~phrase" is weak
evidence: it goes with the condition often but not always ("pregnant" with pelvic girdle pain).
Regions are contracts.schemas.BODY_REGIONS; a condition found all over the body is "multiple".
Phrases are matched on whole words after `reading.normalise`, so case, punctuation, hyphens,
plurals and "'s" do not matter. Pure data: nothing is computed here.
"""

from __future__ import annotations

# tag: (region, phrases separated by "|")
CONDITIONS: dict[str, tuple[str, str]] = {
    # Shoulder
    "frozen_shoulder": (
        "shoulder",
        "frozen shoulder|adhesive capsulitis|capsulitis|stiff painful shoulder|FS|"
        "stiff and painful shoulder|capsular pattern|capsular restriction|hydrodilatation|"
        "hydrodistension|freezing phase|frozen phase|thawing phase|loss of passive external "
        "rotation|~loss of ER|~passive ER",
    ),
    "rotator_cuff": (
        "shoulder",
        "rotator cuff|RC|RCRSP|cuff|cuff tear|cuff tendinopathy|subacromial pain|SAPS|"
        "subacromial impingement|shoulder impingement|supraspinatus|infraspinatus|subscapularis|"
        "painful arc|calcific tendinopathy|calcific tendinitis|Jobe's|empty can|drop arm",
    ),
    "shoulder_instability": (
        "shoulder",
        "shoulder instability|unstable shoulder|shoulder dislocation|dislocated shoulder|"
        "anterior dislocation|recurrent dislocation|apprehension test|~apprehension|"
        "relocation test|Bankart|MDI|multidirectional instability|sulcus sign|SLAP",
    ),
    # Elbow
    "lateral_elbow_pain": (
        "elbow",
        "tennis elbow|lateral epicondylitis|lateral epicondylalgia|lateral epicondyle|"
        "lateral elbow pain|lateral elbow tendinopathy|common extensor origin|CEO",
    ),
    "medial_elbow_pain": (
        "elbow",
        "golfer's elbow|medial epicondylitis|medial epicondylalgia|common flexor origin",
    ),
    # Wrist and hand
    "carpal_tunnel": (
        "wrist_hand",
        "carpal tunnel|carpal tunnel syndrome|CTS|median nerve|Phalen's|Tinel's|"
        "thenar wasting|~nerve conduction|~NCS",
    ),
    "hand_oa": (
        "wrist_hand",
        "hand OA|thumb base|base of thumb|CMC joint|CMCJ|CMC OA|trapeziometacarpal|"
        "Heberden's nodes|Bouchard's nodes|nodal OA|grind test|hand osteoarthritis",
    ),
    "de_quervains": (
        "wrist_hand",
        "de Quervain's|de Quervain|Finkelstein's|first dorsal compartment|mummy thumb|"
        "~radial styloid|~radial wrist pain|~radial sided wrist pain",
    ),
    "trigger_finger": ("wrist_hand", "trigger finger|trigger thumb|stenosing tenosynovitis"),
    # Neck
    "whiplash": (
        "cervical_spine",
        "whiplash|WAD|whiplash associated disorder|RTC|RTA|road traffic collision|"
        "road traffic accident|car accident|car crash|rear ended|rear end collision|MVA",
    ),
    "cervical_radiculopathy": (
        "cervical_spine",
        "cervical radiculopathy|brachialgia|cervical radicular pain|arm pain from the neck|"
        "Spurling's|ULTT|upper limb tension test|C5 radiculopathy|C6 radiculopathy|"
        "C7 radiculopathy|C8 radiculopathy",
    ),
    "cervicogenic_headache": (
        "cervical_spine",
        "cervicogenic headache|neck related headache|headache from the neck|"
        "flexion rotation test|occipital headache",
    ),
    # Back
    "lumbar_radiculopathy": (
        "lumbar_spine",
        "lumbar radiculopathy|sciatica|sciatic|radicular leg pain|leg dominant|"
        "leg pain worse than back|SLR|straight leg raise|slump test|disc prolapse|"
        "disc herniation|herniated disc|slipped disc|nerve root block|NRB|nerve root "
        "compression|foot drop|L4 radiculopathy|L5 radiculopathy|S1 radiculopathy|"
        "~pain down the leg|~dermatomal",
    ),
    "low_back_pain": (
        "lumbar_spine",
        "low back pain|LBP|lower back pain|mechanical back pain|non specific back pain|"
        "NSLBP|chronic low back pain|lumbago|STarT Back|CFT|~fear avoidance|~fear avoidant|"
        "~back pain",
    ),
    "spinal_stenosis": (
        "lumbar_spine",
        "spinal stenosis|lumbar stenosis|canal stenosis|central canal stenosis|"
        "neurogenic claudication|spinal claudication|~claudication|~walking tolerance|"
        "~leg heaviness|~heavy legs|~eased by sitting|~better sitting|~better bending forward|"
        "~eased by bending forward|~shopping trolley sign|~leaning on a trolley",
    ),
    "axial_spa": (
        "lumbar_spine",
        "axial spondyloarthritis|axSpA|spondyloarthritis|spondyloarthropathy|"
        "ankylosing spondylitis|inflammatory back pain|HLA B27|sacroiliitis|~uveitis",
    ),
    "scoliosis": ("thoracic_spine", "scoliosis|scoliotic"),
    # Pelvis and hip
    "pelvic_girdle_pain": (
        "pelvis_sij",
        "pelvic girdle pain|PGP|SPD|symphysis pubis dysfunction|symphysis pubis|"
        "pubic symphysis|pregnancy related pelvic pain|ASLR|active straight leg raise|"
        "~pregnant|~pregnancy|~antenatal|~postnatal|~post partum|~postpartum",
    ),
    "sij_pain": (
        "pelvis_sij",
        "SIJ|SIJ pain|SI joint|sacroiliac|sacroiliac joint|PSIS|thigh thrust|"
        "provocation test|Laslett",
    ),
    "hip_oa": (
        "hip",
        "hip OA|OA hip|hip osteoarthritis|osteoarthritis of the hip|arthritic hip|"
        "degenerative hip|hip arthritis",
    ),
    "fai": (
        "hip",
        "FAI|femoroacetabular impingement|hip impingement|cam|pincer|FADIR|"
        "hip arthroscopy|hip labral tear",
    ),
    "gtps": (
        "hip",
        "GTPS|greater trochanteric pain|greater trochanter|trochanteric bursitis|"
        "trochanteric pain|trochanter|gluteal tendinopathy|gluteus medius tendinopathy|"
        "lateral hip pain",
    ),
    # Knee
    "knee_oa": (
        "knee",
        "knee OA|OA knee|knee osteoarthritis|osteoarthritis of the knee|arthritic knee|"
        "degenerative knee|GLA:D|medial compartment OA|tibiofemoral OA|knee arthritis",
    ),
    "acl_rehab": (
        "knee",
        "ACL|ACLR|ACL reconstruction|ACL recon|ACL rupture|ACL tear|ACL deficient|"
        "anterior cruciate|Lachman's|pivot shift|hamstring graft|patellar tendon graft|"
        "BPTB|hop test|LSI|limb symmetry index",
    ),
    "patellofemoral_pain": (
        "knee",
        "patellofemoral pain|PFP|PFPS|PFJ|PFJ pain|patellofemoral|anterior knee pain|"
        "runner's knee|chondromalacia|patellar maltracking|cinema sign",
    ),
    "patellar_instability": (
        "knee",
        "patellar instability|patellar dislocation|dislocating patella|patella dislocation",
    ),
    "meniscal_injury": (
        "knee",
        "meniscus|meniscal|meniscal tear|torn meniscus|bucket handle|McMurray's|Thessaly|"
        "joint line tenderness|~locking|~catching",
    ),
    # Ankle and foot
    "plantar_fasciitis": (
        "ankle_foot",
        "plantar fasciitis|plantar fasciopathy|plantar fascia|plantar heel pain|"
        "medial calcaneal tubercle|heel spur|calcaneal spur|first step pain|~heel pain",
    ),
    "ankle_instability": (
        "ankle_foot",
        "ankle instability|CAI|chronic ankle instability|ankle sprain|inversion sprain|"
        "inversion injury|lateral ankle sprain|ATFL|rolled ankle|~giving way",
    ),
    "mortons_neuroma": ("ankle_foot", "Morton's neuroma|interdigital neuroma"),
    "hallux_rigidus": ("ankle_foot", "hallux rigidus|hallux valgus|bunion|1st MTPJ"),
    # All over the body
    "tendinopathy": (
        "multiple",
        "tendinopathy|tendinitis|tendonitis|tendinosis|tendon pain|~tendon|"
        "Achilles tendinopathy|midportion Achilles|insertional Achilles|patellar tendinopathy|"
        "jumper's knee|hamstring tendinopathy|proximal hamstring tendinopathy|~heel drops",
    ),
    "hypermobility": (
        "multiple",
        "hypermobility|hypermobile|HSD|hEDS|EDS|Ehlers Danlos|Beighton|JHS|"
        "joint hypermobility syndrome|bendy|double jointed",
    ),
    "persistent_pain": (
        "multiple",
        "persistent pain|chronic pain|widespread pain|chronic widespread pain|fibromyalgia|"
        "FMS|central sensitisation|sensitisation|CRPS|complex regional pain|catastrophising|"
        "pain science|pain education|pacing|nociplastic|pain management programme|"
        "~opioids|~pain out of proportion",
    ),
    "post_op_rehab": (
        "multiple",
        "post op|postop|post operative|postoperative|post surgical|after surgery|"
        "following surgery|TKR|TKA|THR|THA|knee replacement|hip replacement|"
        "shoulder replacement|joint replacement|arthroplasty|spinal fusion|~fusion|MUA",
    ),
    "fracture_rehab": (
        "multiple",
        "fracture rehab|post fracture|distal radius fracture|Colles|ORIF|fracture clinic",
    ),
    "sports_injury": (
        "multiple",
        "sports injury|sporting injury|return to sport|return to play|RTP|hamstring strain|"
        "hamstring tear|calf strain|calf tear|muscle strain|muscle injury|groin strain|"
        "adductor strain|adductor related groin pain|~athlete|~footballer|~rugby|~sprinter",
    ),
    "osteoporosis": (
        "multiple",
        "osteoporosis|osteoporotic|osteopenia|fragility fracture|low bone density|"
        "bone density|DEXA|DXA|bisphosphonate|alendronate|vertebral fracture|"
        "vertebral compression fracture|bone health",
    ),
    "inflammatory_arthritis": (
        "multiple",
        "inflammatory arthritis|rheumatoid|rheumatoid arthritis|RA|psoriatic arthritis|PsA|"
        "dactylitis|sausage digit|synovitis|methotrexate|DMARD|~rheumatology",
    ),
    # Skills rather than conditions
    "injection_therapy": (
        "multiple",
        "injection therapy|steroid injection|corticosteroid injection|guided injection|"
        "~injection|~cortisone",
    ),
    "return_to_work": (
        "multiple",
        "return to work|RTW|fit note|sick note|occupational health|vocational rehab|"
        "work hardening|~off work",
    ),
}

# Words that name a part of the body, so a case without a body region still finds one.
REGION_WORDS: dict[str, str] = {
    "cervical_spine": "neck|cervical|C spine|C1|C2|C3|C4|C5|C6|C7|C8|upper trapezius",
    "thoracic_spine": "thoracic|T spine|mid back|upper back|between the shoulder blades|rib|"
    "costal|costovertebral|T4|T6|T8|T10|T12",
    "lumbar_spine": "lumbar|low back|lower back|lumbosacral|L1|L2|L3|L4|L5|S1|back pain|disc",
    "pelvis_sij": "pelvis|pelvic|sacroiliac|SI joint|symphysis|pubic|coccyx|tailbone",
    "hip": "hip|groin|gluteal|glute|trochanter|buttock",
    "knee": "knee|kneecap|patella|patellar|tibiofemoral|MCL|LCL|PCL|popliteal",
    "ankle_foot": "ankle|foot|feet|heel|Achilles|plantar|toe|hallux|metatarsal|forefoot|"
    "midfoot|hindfoot|calcaneal|calcaneus|navicular|arch",
    "shoulder": "shoulder|GH joint|glenohumeral|ACJ|AC joint|acromioclavicular|subacromial|"
    "scapula|scapular|deltoid",
    "elbow": "elbow|epicondyle|olecranon|radial head|cubital|forearm",
    "wrist_hand": "wrist|hand|thumb|finger|digit|carpal|scaphoid|MCP|MCPJ|PIPJ|DIPJ|CMC|TFCC|"
    "thenar|palm",
    "multiple": "widespread|multiple joints|all over",
    "other": "jaw|TMJ",
}

# Words that name a condition only with a region: "OA" in a knee case is knee OA.
BY_REGION: dict[str, tuple[str, dict[str, str]]] = {
    "osteoarthritis": (
        "OA|osteoarthritis|arthritis|arthritic|degenerative|wear and tear|joint space "
        "narrowing|bone on bone",
        {"hip": "hip_oa", "knee": "knee_oa", "wrist_hand": "hand_oa"},
    ),
    "instability": (
        "instability|unstable|dislocation|dislocated|dislocating|subluxation|subluxing|"
        "giving way|gives way",
        {"shoulder": "shoulder_instability", "ankle_foot": "ankle_instability"},
    ),
    "nerve root": (
        "nerve root|radiculopathy|radicular|radic|dermatome|myotome",
        {"cervical_spine": "cervical_radiculopathy", "lumbar_spine": "lumbar_radiculopathy"},
    ),
    "impingement": ("impingement|labral tear|labrum", {"shoulder": "rotator_cuff", "hip": "fai"}),
    "headache": ("headache", {"cervical_spine": "cervicogenic_headache"}),
    "bursitis": ("bursitis|bursa", {"hip": "gtps", "shoulder": "rotator_cuff"}),
}

# How a tag or a region reads on screen and in emails where its code reads badly; any other
# reads as its code with spaces ("frozen_shoulder": "frozen shoulder").
LABELS: dict[str, str] = {
    "lateral_elbow_pain": "lateral elbow pain (tennis elbow)",
    "medial_elbow_pain": "medial elbow pain (golfer's elbow)",
    "hand_oa": "hand OA",
    "hip_oa": "hip OA",
    "knee_oa": "knee OA",
    "de_quervains": "de Quervain's",
    "axial_spa": "axial spondyloarthritis",
    "sij_pain": "SIJ pain",
    "fai": "FAI (hip impingement)",
    "gtps": "GTPS (lateral hip pain)",
    "acl_rehab": "ACL rehab",
    "mortons_neuroma": "Morton's neuroma",
    "post_op_rehab": "post-operative rehab",
    "pelvis_sij": "pelvis and SIJ",
    "ankle_foot": "ankle and foot",
    "wrist_hand": "wrist and hand",
    "multiple": "more than one region",
}
