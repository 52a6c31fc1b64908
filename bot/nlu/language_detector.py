"""Rasa NLU component that tags each message with its language.

Runs after the intent classifier. It adds entities:
- `language` when the message is long enough to be sure (bot.language.detect)
  and is not small talk: this may move an established conversation;
- `language_hint` for a short message or a greeting: used only while the
  conversation has no language yet (bot.language.choice);
- `language_name` for each language the message names ("speak Vietnamese"),
  which action_switch_language reads when the intent is switch_language.
The typed command "/lang [code]" is set to the switch_language intent here.
Slots are filled from these in domain.yml.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.detect import detect
from bot.language.names import is_language_command, named_languages

SMALL_TALK = {"greet", "goodbye", "thanks", "switch_language"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if is_language_command(text):
                # "/lang vi" is a command, not a sentence to classify.
                command = {"name": "switch_language", "confidence": 1.0}
                message.set(INTENT, command, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [command], add_to_output=True)
            found = detect(text)
            new = []
            if found is not None:
                intent = (message.get(INTENT) or {}).get("name")
                strong = found.strong and intent not in SMALL_TALK
                new.append({"entity": "language" if strong else "language_hint", "value": found.language,
                            "start": 0, "end": len(text), "confidence_entity": found.confidence})
            for code in named_languages(text):
                new.append({"entity": "language_name", "value": code, "start": 0, "end": len(text),
                            "confidence_entity": 1.0})
            if new:
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(new), add_to_output=True)
        return messages
