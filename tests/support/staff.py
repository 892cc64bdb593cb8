"""The staff list in tests: inviting someone and reading the link their email brings."""

from __future__ import annotations

import re
import uuid

LINK = re.compile(r"/set-password\?token=([\w-]+)")


def newcomer(**overrides) -> dict:
    """An invitation for someone new (invented: a fresh email every time)."""
    tag = uuid.uuid4().hex[:8]
    return {
        "email": f"new.starter.{tag}@demo.nhs.uk",
        "name": f"Nova Starter {tag}",
        "band": 6,
        "service": "core_physio",
        "site": "Poole Hospital",
        "roles": ["clinician"],
        **overrides,
    }


def link_sent_to(mailbox, email: str, subject_start: str, after: int = 0) -> str:
    """The token of the newest link emailed to `email` with that subject (waits for it)."""

    def links(mail):
        found = [m for m in mail if email in m.rcpt_to and m.subject.startswith(subject_start)]
        return found[after:]

    mailbox.wait_for(lambda mail: links(mail), timeout=20)
    return LINK.search(links(mailbox.messages())[-1].text).group(1)


def staff_csv(size: int = 20, bad: bool = True) -> tuple[str, list[str]]:
    """A staff list of `size` invented people; with `bad`, the 5th has band 9 and the 12th an
    unknown site. Returns the CSV and the good rows' emails."""
    tag = uuid.uuid4().hex[:6]
    lines, good = ["name,email,band,service,site,roles"], []
    for n in range(size):
        email = f"import.{tag}.{n}@demo.nhs.uk"
        band = 9 if bad and n == 4 else 4 + n % 5
        site = (
            "Atlantis General" if bad and n == 11 else ("Poole Hospital", "Swanage Hospital")[n % 2]
        )
        roles = "clinician;chair" if band >= 7 else "clinician"
        lines.append(f"Imported Person {tag} {n},{email},{band},core_physio,{site},{roles}")
        if band != 9 and site != "Atlantis General":
            good.append(email)
    return "\n".join(lines) + "\n", good
