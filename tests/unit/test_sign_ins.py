"""What the gateway keeps of whose sign-in stands: the newest it heard, for a while."""

from gateway.sign_ins import SignIns


class Staff:
    """The staff service's answer, counted."""

    def __init__(self, version=1, active=True):
        self.state, self.asked = {"version": version, "active": active}, 0

    def ask(self):
        self.asked += 1
        return self.state


def clock():
    now = [0.0]
    return now, lambda: now[0]


def test_known_lately_is_not_asked_again_and_after_a_while_it_is():
    now, monotonic = clock()
    sign_ins, staff = SignIns(keep_for=30, now=monotonic), Staff(version=2)
    assert sign_ins.version("p-1", staff.ask) == 2
    now[0] = 29
    assert sign_ins.version("p-1", staff.ask) == 2
    assert staff.asked == 1
    staff.state = {"version": 3, "active": True}  # a change whose event this copy missed
    now[0] = 30
    assert sign_ins.version("p-1", staff.ask) == 3
    assert staff.asked == 2


def test_a_leaver_heard_of_is_refused_without_asking_and_an_older_answer_cannot_undo_it():
    sign_ins, staff = SignIns(), Staff(version=1)
    assert sign_ins.version("p-1", staff.ask) == 1
    sign_ins.heard_event({"staff_id": "p-1", "session_version": 2, "active": False})
    assert sign_ins.version("p-1", staff.ask) is None
    sign_ins.heard("p-1", 1, True)  # an answer to a question asked before they left
    assert sign_ins.version("p-1", staff.ask) is None
    assert staff.asked == 1


def test_a_new_password_heard_of_ends_sign_ins_under_the_old_version():
    sign_ins, staff = SignIns(), Staff(version=1)
    sign_ins.version("p-1", staff.ask)
    sign_ins.heard_event({"staff_id": "p-1", "session_version": 2, "active": True})
    assert sign_ins.version("p-1", staff.ask) == 2


def test_forgotten_or_told_by_an_event_without_a_version_it_asks_again():
    sign_ins, staff = SignIns(), Staff(version=1)
    sign_ins.version("p-1", staff.ask)
    staff.state = {"version": 2, "active": False}
    sign_ins.forget("p-1")  # this gateway deactivated them
    assert sign_ins.version("p-1", staff.ask) is None
    staff.state = {"version": 3, "active": True}
    sign_ins.heard_event({"staff_id": "p-1", "active": True})  # from an older staff service
    assert sign_ins.version("p-1", staff.ask) == 3
    assert staff.asked == 3


def test_nobody_is_not_remembered_and_the_least_recent_go_first():
    sign_ins = SignIns(most=2)
    assert sign_ins.version("nobody", lambda: None) is None
    for person in ("p-1", "p-2", "p-3"):
        sign_ins.heard(person, 1, True)
    staff = Staff(version=5)
    assert sign_ins.version("p-3", staff.ask) == 1 and staff.asked == 0
    assert sign_ins.version("p-1", staff.ask) == 5 and staff.asked == 1


def test_a_staff_command_that_raises_a_version_makes_the_gateway_forget_whoever_it_concerns():
    from types import SimpleNamespace

    from gateway.sign_ins import ForgettingStaff

    sign_ins = SignIns()
    for person in ("p-1", "p-2", "p-3", "p-4"):
        sign_ins.heard(person, 1, True)
    staff = ForgettingStaff(
        SimpleNamespace(
            deactivate=lambda person_id, actor: {"id": person_id},
            reactivate=lambda person_id, actor: {"id": person_id},
            set_password=lambda token, password: {"id": "p-3"},
            get_person=lambda person_id: {"id": person_id},
        ),
        sign_ins,
    )
    staff.deactivate("p-1", {"id": "admin"})
    staff.reactivate("p-2", {"id": "admin"})
    staff.set_password("a-token", "a new password")
    staff.get_person("p-4")  # reads change nothing
    asked = Staff(version=2)
    assert [sign_ins.version(p, asked.ask) for p in ("p-1", "p-2", "p-3", "p-4")] == [2, 2, 2, 1]
    assert asked.asked == 3
