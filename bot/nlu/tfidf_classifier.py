"""Rasa intent classifier: TF-IDF word and character n-grams + a linear SVM.

Why not DIET: on our held-out questions this scores higher than DIET and than
Rasa's LogisticRegressionClassifier (raw counts, no TF-IDF), and trains in
seconds instead of minutes (docs/performance.md, bench/nlu_eval --config ...).
Confidence is a softmax over the SVM's decision values with a fixed temperature,
so the FallbackClassifier threshold has a stable scale.
Character n-grams carry the scripts written without spaces (ja, zh, th, my, km);
Japanese is also split into words (bot/language/segment.py) for the word
features. NFKC folds full-width forms (２号 -> 2号) and half-width katakana.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.language.segment import segment
from sklearn.pipeline import Pipeline, make_union

logger = logging.getLogger(__name__)
MODEL_FILE = "tfidf_intent.joblib"


def normalize(text: str) -> str:
    return segment(unicodedata.normalize("NFKC", text or "")).casefold()


# Word = run of anything but whitespace and punctuation. Not \w+: Python's \w excludes
# combining marks, which would cut Devanagari, Burmese and Khmer words at every vowel sign.
_WORD_BREAKS = re.compile(r"[\s!-/:-@\[-`{-~、。，．！？「」『』（）【】・…：；“”‘’«»]+")


def words(text: str) -> List[str]:
    return [w for w in _WORD_BREAKS.split(text) if w]


def normalize_unsegmented(text: str) -> str:
    """For comparison runs (bench/configs/no_segmentation.yml)."""
    return unicodedata.normalize("NFKC", text or "").casefold()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TfidfIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"char_ngrams": [1, 4], "word_ngrams": [1, 2], "C": 1.0, "temperature": 5.0,
                "ranking_length": 10, "random_state": 42, "segment_japanese": True}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 pipeline: Optional[Pipeline] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.pipeline = pipeline

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TfidfIntentClassifier":
        return cls(config, model_storage, resource)

    def _new_pipeline(self) -> Pipeline:
        c = self.config
        prep = normalize if c["segment_japanese"] else normalize_unsegmented
        features = make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(c["char_ngrams"]), sublinear_tf=True,
                            preprocessor=prep),
            TfidfVectorizer(analyzer="word", ngram_range=tuple(c["word_ngrams"]), sublinear_tf=True,
                            preprocessor=prep, tokenizer=words, token_pattern=None),
        )
        model = LinearSVC(C=c["C"], random_state=c["random_state"])
        return Pipeline([("features", features), ("model", model)])

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            logger.warning("TfidfIntentClassifier needs at least two intents with examples; not trained")
            return self._resource
        self.pipeline = self._new_pipeline()
        self.pipeline.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples])
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.pipeline, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TfidfIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                pipeline = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("TfidfIntentClassifier: no trained model found; it will predict nothing")
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.pipeline is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        scores = np.atleast_2d(self.pipeline.decision_function(texts)) * self.config["temperature"]
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        classes = self.pipeline.classes_
        for message, probs in zip(messages, probabilities):
            order = np.argsort(probs)[::-1][: self.config["ranking_length"]]
            ranking = [{INTENT_NAME_KEY: str(classes[i]), PREDICTED_CONFIDENCE_KEY: float(probs[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
