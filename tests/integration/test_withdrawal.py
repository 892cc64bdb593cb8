"""A withdrawn case leaves its conference's agenda, over RabbitMQ and PostgreSQL."""

from tests.support.api import eventually

PHYSIO = "physio@demo.nhs.uk"


def test_a_withdrawn_case_leaves_the_agenda_and_the_next_case_moves_up(product_on_rabbitmq):
    with product_on_rabbitmq() as api:
        first = api.submit_case(PHYSIO, title="Withdrawn: hip pain in a runner")
        second = api.submit_case(PHYSIO, title="Moves up: hip pain in a walker")
        first = api.wait_for_case(PHYSIO, first["id"], "scheduled")
        api.wait_for_case(PHYSIO, second["id"], "scheduled")

        def agenda():
            path = f"/api/v1/conferences/{first['conference_id']}"
            return api.get(path, PHYSIO).json()["agenda"]

        before = {item["case_id"]: item for item in agenda()}
        withdrawn = api.post(f"/api/v1/cases/{first['id']}/withdraw", PHYSIO)
        assert withdrawn.status_code == 200, withdrawn.text
        assert withdrawn.json()["status"] == "withdrawn"

        after = eventually(
            agenda,
            lambda items: first["id"] not in {i["case_id"] for i in items},
            15,
            "the case to leave the agenda",
        )
        moved = {item["case_id"]: item for item in after}[second["id"]]
        assert moved["slot_starts_at"] == before[first["id"]]["slot_starts_at"]

        again = api.post(f"/api/v1/cases/{first['id']}/withdraw", PHYSIO)
        assert again.status_code == 409
        assert (
            api.post(f"/api/v1/cases/{second['id']}/withdraw", "chair@demo.nhs.uk").status_code
            == 403
        )
