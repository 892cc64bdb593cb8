"""The quick check of an event's data never says yes where marshmallow says no.

hypothesis draws data for every schema of every event version: mostly valid,
but with a value of the wrong type, outside its choices or range, None, a
missing key or an unknown key here and there, at every depth.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import RAISE, fields, validate

from contracts.events import REGISTRY, spec_for
from contracts.quick_check import certainly_valid

SCHEMAS = sorted(
    {spec.schema_of(v) for spec in REGISTRY.values() for v in range(1, spec.version + 1)},
    key=lambda schema: schema.__name__,
)
# Values marshmallow tells apart by type: a bool is no integer, 5.0 no string, and so on.
ODD_VALUES = [None, True, False, 0, 1, 2.5, 5.0, float("nan"), float("inf"), "", "x", "7", b"x"]
ODD_VALUES += ["not an email", [], [1], ["x"], {}, {"id": "x"}]
ODD = st.sampled_from(ODD_VALUES)


def value_for(field: fields.Field) -> st.SearchStrategy:
    """Mostly what the field accepts, so that the data is often valid but for one value."""
    good = _good(field)
    return st.one_of(good, good, good, good, good, ODD)


def _good(field: fields.Field) -> st.SearchStrategy:
    for validator in field.validators:
        if isinstance(validator, validate.OneOf):
            return st.sampled_from(list(validator.choices))
        if isinstance(validator, validate.Range):
            low = -5 if validator.min is None else validator.min - 1
            high = low + 20 if validator.max is None else validator.max + 1
            return st.integers(low, high)
    if isinstance(field, fields.Email):
        return st.sampled_from(["sam.okoro@nhs.example.uk", "x@demo.nhs.uk", "@nowhere"])
    if isinstance(field, fields.Nested):
        return data_for(type(field.schema))
    if isinstance(field, fields.List):
        return st.lists(value_for(field.inner), max_size=3)
    if isinstance(field, fields.Integer):
        return st.integers(-10, 10)
    if isinstance(field, fields.Float):
        return st.floats(allow_nan=True, allow_infinity=True)
    if isinstance(field, fields.Boolean):
        return st.booleans()
    return st.text(max_size=8)


def data_for(schema) -> st.SearchStrategy:
    def shaped(draw_values):
        keys, extra = draw_values
        return {**keys, **extra}

    declared = {
        field.data_key or name: field for name, field in schema(unknown=RAISE).fields.items()
    }
    keys = st.fixed_dictionaries(
        {},
        optional={key: value_for(field) for key, field in declared.items()},
    )
    unknown = st.dictionaries(st.sampled_from(["surprise", "extra"]), st.integers(), max_size=1)
    return st.tuples(keys, st.one_of(st.just({}), st.just({}), unknown)).map(shaped)


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda schema: schema.__name__)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_quick_check_says_yes_only_where_marshmallow_does(schema, data):
    drawn = data.draw(data_for(schema))
    if certainly_valid(schema)(drawn):
        assert schema(unknown=RAISE).validate(drawn) == {}


def a_valid(field: fields.Field):
    """One value the field accepts, whatever its validators ask."""
    for validator in field.validators:
        if isinstance(validator, validate.OneOf):
            return list(validator.choices)[0]
        if isinstance(validator, validate.Range):
            return validator.min if validator.min is not None else validator.max
        if isinstance(validator, validate.Regexp):
            return "a_tag"
    if isinstance(field, fields.Email):
        return "x@demo.nhs.uk"
    if isinstance(field, fields.Nested):
        return valid_data(type(field.schema))
    if isinstance(field, fields.List):
        return [a_valid(field.inner)]
    if isinstance(field, fields.Integer):
        return 1
    if isinstance(field, fields.Float):
        return 1.5
    if isinstance(field, fields.Boolean):
        return True
    if isinstance(field, fields.Dict):
        return {}
    return "x"


def valid_data(schema) -> dict:
    return {
        field.data_key or name: a_valid(field)
        for name, field in schema(unknown=RAISE).fields.items()
    }


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda schema: schema.__name__)
def test_one_odd_value_in_valid_data_gets_no_quick_yes_unless_marshmallow_agrees(schema):
    base = valid_data(schema)
    assert schema(unknown=RAISE).validate(base) == {}
    assert certainly_valid(schema)(base), "every event's valid data is passed quickly"
    for changed in one_value_changed(base):
        if certainly_valid(schema)(changed):
            assert schema(unknown=RAISE).validate(changed) == {}, changed


def one_value_changed(data):
    """Copies of the data with one value, at any depth, odd; and with one key more or less."""
    if isinstance(data, list):
        for changed in one_value_changed(data[0]) if data else ():
            yield [changed, *data[1:]]
        return
    if not isinstance(data, dict):
        return
    yield {**data, "surprise": 1}
    for key, value in data.items():
        yield {k: v for k, v in data.items() if k != key}
        for odd in [*ODD_VALUES, [None]]:
            yield {**data, key: odd}
        for changed in one_value_changed(value):
            yield {**data, key: changed}


PERSON = {"id": "p1", "name": "Invented Presenter", "email": "presenter@demo.nhs.uk"}
DUE = {
    "follow_up_id": "f1",
    "case_id": "c1",
    "title": "Anterior knee pain",
    "presenter": PERSON,
    "chair": PERSON,
    "due_at": "2026-12-03T09:00:00+00:00",
}


def test_a_follow_up_falling_due_is_passed_quickly():
    assert certainly_valid(spec_for("follow_up.due").schema)(DUE)


@pytest.mark.parametrize(
    "broken, error",
    [
        ({**DUE, "surprise": 1}, "surprise"),
        ({k: v for k, v in DUE.items() if k != "title"}, "title"),
        ({**DUE, "title": 7}, "title"),
        ({**DUE, "presenter": {**PERSON, "email": "not an email"}}, "presenter"),
        ({**DUE, "chair": None}, "chair"),
    ],
)
def test_data_that_breaks_the_contract_is_left_to_marshmallow_which_names_the_field(broken, error):
    spec = spec_for("follow_up.due")
    assert not certainly_valid(spec.schema)(broken)
    assert error in spec.validate(broken)
