"""One measured fix to Rasa 3.6's server, applied when our channels load (credentials.yml).

Rasa checks every custom action's response with `jsonschema.validate(result, spec)`.
With jsonschema 4.17 (the newest Rasa 3.6 allows) that call re-checks the constant
schema against the 2020-12 metaschema every time: 40 ms per action call on this
machine, 60% of the server's time for a new conversation (py-spy). A validator
built once for the same schema gives the same verdicts in 0.55 ms.
"""
from __future__ import annotations

import logging
from functools import lru_cache

logger = logging.getLogger(__name__)
_applied = False


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(spec)
    cls.check_schema(spec)   # once, as jsonschema.validate would on every call
    return cls(spec)


def _validate_action_result(self, result) -> bool:
    from jsonschema import ValidationError

    from rasa.shared.constants import DOCS_BASE_URL

    try:
        _validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (". Failed to validate Action server response from API, make sure your response from "
                      f"the Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions")
        raise e


def apply() -> None:
    global _applied
    if _applied:
        return
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result
    _applied = True
    logger.debug("Rasa patched: cached action-response validator")
