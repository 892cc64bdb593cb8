"""The best-matched colleague who is free joins the case's conference as its expert."""

from services.scheduling.experts import first_free

MATCHES = [{"clinician_id": "ana"}, {"clinician_id": "ben"}, {"clinician_id": "cat"}]


def test_the_best_match_is_invited_when_free():
    assert first_free(MATCHES, on_panel={"zed"}, busy=set()) == "ana"


def test_someone_already_on_the_panel_or_busy_nearby_is_passed_over():
    assert first_free(MATCHES, on_panel={"ana"}, busy={"ben"}) == "cat"


def test_nobody_is_invited_when_every_match_is_taken():
    assert first_free(MATCHES, on_panel={"ana", "ben"}, busy={"cat"}) is None
    assert first_free([], on_panel=set(), busy=set()) is None
