"""The cached action-response validator gives Rasa's verdicts."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_patches


@pytest.fixture(scope="module")
def action():
    rasa_patches.apply()
    return RemoteAction("action_x", None)


def test_valid_responses_pass(action):
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}],
                                           "responses": [{"text": "hi"}]})


@pytest.mark.parametrize("bad", [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": "x"}]},      # a slot event needs its value
    {"events": [{"no_event_key": 1}]},
])
def test_invalid_responses_are_refused_as_before(action, bad):
    with pytest.raises(ValidationError):
        action._validate_action_result(bad)
