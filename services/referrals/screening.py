"""The red-flag screen: signs that must not wait for a physiotherapy referral.

Written as a clinical safety officer would want it read: each question asks
about something new or getting worse, each answer "yes" stops the journey
before anything is stored, and the advice says exactly what to do now. The
most serious answer decides the care card; every flag answered is named.

Care levels follow the NHS care cards: `emergency` (999 or A&E now) and
`urgent` (today: A&E or an urgent treatment centre, 111, or a same-day GP).
Cauda equina is an emergency whatever else is answered: the national pathway
(GIRFT, 2023) sends suspected cauda equina to A&E now, not to a GP.
"""

from __future__ import annotations

from dataclasses import dataclass

EMERGENCY = "emergency"
URGENT = "urgent"


@dataclass(frozen=True)
class RedFlag:
    code: str  # the answer's name in the API (`red_flags.<code>`)
    kind: str  # what it may be a sign of, for the reports
    question: str  # asked of the person (or read out by a call handler)
    care: str


CAUDA_EQUINA_ADVICE = (
    "Call 999 or go to A&E now. These can be signs of cauda equina syndrome, "
    "where the nerves at the bottom of your back are being squeezed. It needs to be "
    "checked in hospital straight away, because waiting can cause permanent damage to "
    "your bladder, bowel, sex life and legs. Do not wait for a physiotherapy appointment "
    "and do not book a routine GP appointment."
)
NERVE_ADVICE = (
    "Call 999 or go to A&E now. New weakness or numbness in both arms or both legs "
    "can mean pressure on your spinal cord or nerves, which needs to be checked in "
    "hospital straight away."
)
FRACTURE_ADVICE = (
    "Go to A&E or an urgent treatment centre today. After a fall or an injury, "
    "a bone may be broken and it needs an X-ray. Call 999 if you cannot move, "
    "the area looks out of shape, or you hit your head or neck."
)
HOT_JOINT_ADVICE = (
    "Get help today: call your GP practice and ask for an urgent appointment today, "
    "or call 111 (or go to 111.nhs.uk). A hot, swollen joint, or feeling very unwell "
    "with a high temperature, can be an infection that needs treating quickly. Call 999 "
    "if you feel confused, very drowsy or are getting worse quickly."
)
CANCER_ADVICE = (
    "Call your GP practice today and ask for an urgent appointment, or call 111 if it "
    "is closed. If you have had cancer, pain that is worse at night or weight loss you "
    "cannot explain needs to be checked by a doctor soon, before any physiotherapy."
)

FLAGS = (
    RedFlag(
        "bladder_or_bowel_change",
        "cauda_equina",
        "Since your pain started, have you had new problems peeing or pooing: not being "
        "able to go, not feeling when you need to go, or leaking?",
        EMERGENCY,
    ),
    RedFlag(
        "saddle_numbness",
        "cauda_equina",
        "Do you have numbness or pins and needles between your legs, around your bottom "
        "or genitals (the area you would sit on in a saddle)?",
        EMERGENCY,
    ),
    RedFlag(
        "symptoms_in_both_legs",
        "cauda_equina",
        "Do you have pain, numbness or weakness in both legs (not just one)?",
        EMERGENCY,
    ),
    RedFlag(
        "sexual_function_change",
        "cauda_equina",
        "Since your pain started, have you noticed a change in sex, such as less feeling "
        "in your genitals or problems getting an erection?",
        EMERGENCY,
    ),
    RedFlag(
        "both_arms_or_legs_weak_or_numb",
        "spinal_cord_or_nerves",
        "Do you have new weakness, clumsiness or numbness in both arms or both legs, "
        "or problems with your balance or walking?",
        EMERGENCY,
    ),
    RedFlag(
        "injury_possible_fracture",
        "possible_fracture",
        "Did your pain start after a fall or an injury, and could a bone be broken "
        "(you cannot put weight on it, or it is very swollen or out of shape)?",
        URGENT,
    ),
    RedFlag(
        "hot_swollen_joint_or_fever",
        "infection",
        "Is a joint hot, red and swollen, or do you feel very unwell with a high "
        "temperature or shivering?",
        URGENT,
    ),
    RedFlag(
        "cancer_history_with_night_pain_or_weight_loss",
        "possible_cancer",
        "Have you ever had cancer, and now have pain that is worse at night or weight "
        "loss you cannot explain?",
        URGENT,
    ),
)
CODES = tuple(flag.code for flag in FLAGS)
ADVICE = {
    "cauda_equina": CAUDA_EQUINA_ADVICE,
    "spinal_cord_or_nerves": NERVE_ADVICE,
    "possible_fracture": FRACTURE_ADVICE,
    "infection": HOT_JOINT_ADVICE,
    "possible_cancer": CANCER_ADVICE,
}


@dataclass(frozen=True)
class Stop:
    care: str
    advice: str
    kinds: tuple[str, ...]  # every kind answered, most serious first
    flags: tuple[str, ...]


def screen(answers: dict) -> Stop | None:
    """None when every answer is "no"; otherwise what to do now.

    An answer left out counts as not yet asked, never as "no": the API requires
    every answer (see contracts.api.referrals), so a gap cannot reach here silently.
    """
    raised = [flag for flag in FLAGS if answers.get(flag.code) is True]
    if not raised:
        return None
    raised.sort(key=lambda flag: flag.care != EMERGENCY)  # stable: the order of FLAGS
    kinds = tuple(dict.fromkeys(flag.kind for flag in raised))
    return Stop(
        care=raised[0].care,
        advice=ADVICE[kinds[0]],
        kinds=kinds,
        flags=tuple(flag.code for flag in raised),
    )
