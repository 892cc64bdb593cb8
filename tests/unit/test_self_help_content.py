"""The self-help content: read from Markdown with front matter, and checked before it goes live.

The last tests run the check over the real content/ folder: a page that is out of date, reads
too hard, or lacks its "when to get help" cards fails the build.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from gateway.self_help import check, content
from mskpeer.platform.content import CONTENT

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "self_help_sample"
BACK = "conditions/low-back-pain-and-sciatica.md"
TODAY = date(2026, 12, 2)


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the sample content to break in one way per test."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "content"))


def problems(directory: Path, today: date = TODAY) -> list[str]:
    return [str(p) for p in check.check(content.load(directory), today)]


def edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text()
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new))


def test_a_condition_is_read_into_its_six_sections_exercises_and_care_cards():
    library = content.load(SAMPLE)
    back = library.conditions["low-back-pain-and-sciatica"]
    assert [s.heading for s in back.sections] == [heading for _, heading in content.SECTIONS]
    assert back.common and "sciatica" in back.synonyms
    assert [e.id for e in back.exercises][:1] == ["sample-knee-to-chest"]
    assert back.exercises[0].steps[1] == "Hug one knee to your chest."
    assert set(back.care) == {"emergency", "urgent", "non_urgent"}
    assert back.sections[2].links == ("/self-help/get-help-now",)
    assert '<a href="/self-help/get-help-now">' in back.sections[2].html
    assert back.section_url(5) == back.url + "when-to-get-help"
    assert library.pages["get-help-now"].url == "/self-help/get-help-now"


def test_raw_html_written_in_the_markdown_is_shown_as_text_never_run(sample):
    edit(sample, BACK, "Keep moving.", "Keep moving. <script>alert(1)</script>")
    html = content.load(sample).conditions["low-back-pain-and-sciatica"].sections[2].html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_content_version_changes_when_any_file_changes(sample):
    before = content.load(sample).version
    edit(sample, BACK, "Keep moving.", "Keep moving a little.")
    assert content.load(sample).version != before


def test_the_sample_content_passes_the_check():
    assert problems(SAMPLE) == []


def test_a_missing_front_matter_field_fails(sample):
    edit(sample, BACK, "clinical_reviewer: Ria Check, Consultant Physiotherapist\n", "")
    assert any("clinical_reviewer is missing" in p for p in problems(sample))


def test_a_page_past_its_review_date_fails_on_the_day_after():
    assert problems(SAMPLE, today=date(2027, 11, 30)) == []
    late = problems(SAMPLE, today=date(2027, 12, 1))
    assert len(late) == 2 and all("past its review date (2027-11-30)" in p for p in late)


def test_a_section_missing_or_out_of_order_fails(sample):
    edit(sample, BACK, "## Symptoms", "## Signs")
    assert any("sections must be exactly" in p and "'Signs'" in p for p in problems(sample))


def test_a_link_to_a_page_that_does_not_exist_or_to_another_host_fails(sample):
    edit(sample, BACK, "(/self-help/sites)", "(/self-help/sitez)")
    edit(sample, BACK, "(/self-help/get-help-now)", "(https://example.org/advice)")
    found = problems(sample)
    assert any("link to a page that does not exist: /self-help/sitez" in p for p in found)
    assert any("link to another host: https://example.org/advice" in p for p in found)


def test_links_to_every_kind_of_page_resolve(sample):
    paths = [
        "/self-help/conditions/low-back-pain-and-sciatica/exercises/print",
        "/self-help/sites/poole-hospital",
        "/self-help/services/msk_esp",
        "/self-help/search?q=sciatica",
        "/self-help/get-help-now#top",
    ]
    links = " ".join(f"[here]({p})" for p in paths)
    edit(sample, BACK, "Stay at work if you can.", f"Stay at work if you can. {links}")
    assert problems(sample) == []


def test_a_missing_drawing_and_a_repeated_exercise_id_fail(sample):
    (sample / "drawings" / "sample-bridge.svg").unlink()
    edit(sample, BACK, "id: sample-knee-rolls", "id: sample-knee-to-chest")
    found = problems(sample)
    assert any("drawing content/drawings/sample-bridge.svg does not exist" in p for p in found)
    assert any("exercise id sample-knee-to-chest is used 2 times" in p for p in found)


def test_a_section_that_reads_too_hard_fails(sample):
    hard = (
        "Intervertebral discopathy frequently necessitates multidisciplinary "
        "physiotherapeutic intervention, incorporating neurodynamic mobilisation, "
        "graduated proprioceptive rehabilitation and comprehensive psychoeducational support."
    )
    edit(sample, BACK, "Keep moving. Bed rest does not help.", hard)
    found = problems(sample)
    assert len(found) == 1 and "## Self-help: reads too hard (Flesch-Kincaid grade" in found[0]


def test_every_condition_needs_all_three_care_cards(sample):
    edit(sample, BACK, "  urgent:\n    - Your leg is getting weaker.\n", "  urgent:\n")
    edit(sample, BACK, "    - You have a high temperature and back pain.\n", "")
    assert any("the urgent card is missing or empty" in p for p in problems(sample))


def test_a_back_condition_must_name_cauda_equina_signs_in_its_emergency_card(sample):
    edit(sample, BACK, "    - You have pain or weakness in both legs.\n", "")
    edit(sample, BACK, "    - You cannot control your bowels (poo).\n", "")
    found = problems(sample)
    assert any("cauda equina signs: both legs" in p for p in found)
    assert any("cauda equina signs: bowel or poo" in p for p in found)
    assert not any("bladder" in p for p in found)


def test_the_real_content_has_every_condition_and_page_the_site_promises():
    assert [str(p) for p in check.missing_articles(content.load(CONTENT))] == []


def test_the_real_content_passes_the_check_today():
    assert [str(p) for p in check.check(content.load(CONTENT), date.today())] == []


def test_the_sites_are_the_eleven_the_staff_side_knows_each_with_what_a_patient_needs():
    from mskpeer.platform.content import site_names

    library = content.load(CONTENT)
    assert len(library.sites) == 11 == len(set(site_names()))
    codes = {service["code"] for service in library.services}
    assert codes == {"core_physio", "msk_esp", "orthopaedics"}
    for site in library.sites:
        assert site["address"] and site["opening_hours"] and set(site["services"]) <= codes
        assert site["phone"].replace(" ", "").startswith("01632960"), site["name"]
        assert {"parking", "step_free", "hearing_loop"} <= set(site["access"]), site["name"]


def test_a_drawing_that_could_run_a_script_or_fetch_another_file_fails(sample):
    drawing = sample / "drawings" / "sample-bridge.svg"
    text = drawing.read_text()
    drawing.write_text(text.replace("</g>", '</g><script>alert(1)</script><image href="x.png"/>'))
    found = [p for p in problems(sample) if "sample-bridge.svg" in p]
    assert any("a <script> element" in p for p in found)
    assert any("href='x.png'" in p for p in found)


def test_a_cauda_equina_sign_on_the_urgent_or_non_urgent_card_fails(sample):
    edit(
        sample,
        BACK,
        "  urgent:\n    - Your leg is getting weaker.\n",
        "  urgent:\n    - Your leg is getting weaker.\n    - You cannot pee.\n",
    )
    edit(sample, BACK, "  non_urgent:\n", "  non_urgent:\n    - Both legs feel numb.\n")
    found = problems(sample)
    assert any("urgent names a cauda equina sign (bladder or peeing)" in p for p in found)
    assert any("non_urgent names a cauda equina sign (both legs)" in p for p in found)
    assert len(found) == 2, found


def test_words_that_only_contain_a_sign_are_not_taken_for_one(sample):
    edit(
        sample, BACK, "  non_urgent:\n", "  non_urgent:\n    - Your sleep is poor during a flare.\n"
    )
    assert problems(sample) == []
