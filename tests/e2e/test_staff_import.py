"""The staff list imported as CSV: every row previewed, nothing stored until confirmed."""

from tests.support.staff import link_sent_to, staff_csv

COORDINATOR = "coordinator@demo.nhs.uk"


def import_csv(api, text, confirm=False, as_user=COORDINATOR):
    return api.post("/api/v1/staff/import", as_user, json={"csv": text, "confirm": confirm})


def on_the_list(api, emails) -> set[str]:
    listed = api.get("/api/v1/staff?page_size=500", COORDINATOR).json()["items"]
    return {p["email"] for p in listed} & set(emails)


def test_twenty_colleagues_are_previewed_then_the_good_ones_invited(api, mailbox):
    text, good = staff_csv(20)
    preview = import_csv(api, text)
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    assert shown["counts"] == {"new": 18, "changed": 0, "unchanged": 0, "error": 2}
    assert not shown["stored"] and on_the_list(api, good) == set()
    bad = {row["line"]: row["errors"] for row in shown["rows"] if row["status"] == "error"}
    assert set(bad) == {6, 13}  # the header is line 1
    assert "band" in bad[6] and "site" in bad[13]

    stored = import_csv(api, text, confirm=True)
    assert stored.status_code == 200 and stored.json()["stored"]
    assert on_the_list(api, good) == set(good)
    link_sent_to(mailbox, good[-1], "You are invited")

    again = import_csv(api, text).json()["counts"]
    assert again == {"new": 0, "changed": 0, "unchanged": 18, "error": 2}
    moved = text.replace(
        f"{good[0]},4,core_physio,Poole Hospital", f"{good[0]},5,core_physio,Poole Hospital"
    )
    rows = import_csv(api, moved).json()["rows"]
    assert [r["changes"] for r in rows if r["status"] == "changed"] == [["band"]]


def test_a_file_without_the_columns_or_with_a_repeated_email_is_explained(api):
    missing = import_csv(api, "name,email\nSam,sam@demo.nhs.uk\n")
    assert missing.status_code == 422 and missing.json()["error"] == "CSV_COLUMNS_MISSING"
    assert "missing column: band" in missing.json()["fields"]["csv"]
    text, good = staff_csv(2, bad=False)
    twice = text + text.splitlines()[1] + "\n"
    rows = import_csv(api, twice).json()["rows"]
    assert rows[-1]["status"] == "error" and "email" in rows[-1]["errors"]
    assert import_csv(api, text, as_user="physio@demo.nhs.uk").status_code == 403
