"""Loads and validates the knowledge files.

Files (all YAML, reviewable without reading code):
  topics.yml         language-neutral facts about each topic (sources, dates, caveats)
  languages.yml      the languages the assistant is designed for
  lang/<code>.yml    everything a user reads in that language: topic answers,
                     bot messages, labels and organization names

`load()` caches the result and reloads when a file changes, so a corrected
answer is live without retraining or restarting anything.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot import config

AUDIENCES = {"trainee", "employer", "both"}
CONFIDENCES = {"seen-official", "seen", "inferred"}
CAVEATS = {"none", "conflict", "stale"}
FOLLOWUP_KINDS = {"stage_i", "stage_ii", "stage_iii", "fail"}
# Every language file must define these (complete languages) or may (others).
MESSAGES = (
    "greet", "help", "goodbye", "thanks", "out_of_scope", "fallback",
    "human_handoff", "followup_unknown", "error",
    "ask_trainee_number", "ask_date_of_birth", "ask_link_code", "invalid_trainee_number",
    "invalid_date_of_birth", "invalid_link_code", "verify_ok", "verify_failed", "verify_locked",
    "need_verification", "forgot", "nothing_to_forget", "records_unavailable",
    "ask_access_code", "staff_ok", "staff_failed", "staff_need_sign_in", "staff_no_deadlines",
    "staff_deadlines_header", "staff_trainee_not_found",
    "language_switched", "choose_language", "language_unknown", "show_employer_intro",
    "show_employer_nothing", "busy", "rate_limited", "message_too_long", "unreadable",
)
LABELS = (
    "for_trainees", "for_employers", "confirm_with", "last_checked",
    "caveat", "fallback_notice", "more_topics", "show_employer", "change_language",
)
UI_KEYS = (
    "chat_title", "open_chat", "close_chat", "input_placeholder", "input_label", "send",
    "language_label", "typing", "connection_lost", "connected", "unavailable", "you", "assistant",
    "command_start", "command_help", "command_lang", "command_forget",
)
OCCUPATION_LOOKUP_KEYS = ("line", "header", "allowed", "not_allowed", "incomplete", "none", "which", "confirm")
MAX_TITLE_CHARS = 28
logger = logging.getLogger(__name__)


class KnowledgeError(ValueError):
    """The knowledge files are inconsistent; `problems` lists every issue found."""

    def __init__(self, problems: List[str]):
        self.problems = problems
        super().__init__("knowledge base has problems:\n- " + "\n- ".join(problems))


@dataclass(frozen=True)
class Topic:
    id: str
    audience: str
    covers: str
    facts: Tuple[str, ...]
    sources: Tuple[str, ...]
    confidence: str
    caveat: str
    confirm_with: Tuple[str, ...]
    last_checked: dt.date
    related: Tuple[str, ...]
    followups: Dict[str, str]

    @property
    def intent(self) -> str:
        return f"ask_{self.id}"

    @property
    def response(self) -> str:
        return f"utter_{self.id}"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native_name: str
    complete: bool
    date_format: str
    labels: Dict[str, str] = field(default_factory=dict)
    messages: Dict[str, str] = field(default_factory=dict)
    organizations: Dict[str, str] = field(default_factory=dict)
    topics: Dict[str, Dict[str, str]] = field(default_factory=dict)
    personal: Dict[str, object] = field(default_factory=dict)   # words for timelines and eligibility
    occupation_lookup: Dict[str, str] = field(default_factory=dict)
    ui: Dict[str, str] = field(default_factory=dict)   # chat-screen words (widget, Telegram menu)

    def format_date(self, day: dt.date) -> str:
        return self.date_format.format(y=day.year, m=day.month, d=day.day)


@dataclass(frozen=True)
class Knowledge:
    topics: Dict[str, Topic]
    languages: Dict[str, Language]   # only languages that have a file
    designed_languages: Dict[str, str]   # code -> native name, files or not
    organizations: Tuple[str, ...]
    menu: Tuple[str, ...]

    def topic_for_intent(self, intent: str) -> Optional[Topic]:
        if intent and intent.startswith("ask_"):
            return self.topics.get(intent[len("ask_"):])
        return None

    def topic_for_response(self, response: str) -> Optional[Topic]:
        if response and response.startswith("utter_"):
            return self.topics.get(response[len("utter_"):])
        return None


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict):
        raise KnowledgeError([f"{path.name}: expected a mapping at the top level"])
    return data


def _as_date(value, where: str, problems: List[str]) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: last_checked {value!r} is not a YYYY-MM-DD date")
        return dt.date.min


def _parse_topics(raw: dict, problems: List[str]) -> Dict[str, Topic]:
    orgs = set(raw.get("organizations") or [])
    topics: Dict[str, Topic] = {}
    for tid, t in (raw.get("topics") or {}).items():
        where = f"topics.yml:{tid}"
        if not isinstance(t, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        for key in ("audience", "covers", "sources", "confidence", "caveat", "confirm_with", "last_checked"):
            if not t.get(key):
                problems.append(f"{where}: missing {key}")
        if t.get("audience") not in AUDIENCES:
            problems.append(f"{where}: audience must be one of {sorted(AUDIENCES)}")
        if t.get("confidence") not in CONFIDENCES:
            problems.append(f"{where}: confidence must be one of {sorted(CONFIDENCES)}")
        if t.get("caveat") not in CAVEATS:
            problems.append(f"{where}: caveat must be one of {sorted(CAVEATS)}")
        for org in t.get("confirm_with") or []:
            if org not in orgs:
                problems.append(f"{where}: unknown organization {org!r} in confirm_with")
        followups = dict(t.get("followups") or {})
        for kind in followups:
            if kind not in FOLLOWUP_KINDS:
                problems.append(f"{where}: unknown followup kind {kind!r}")
        topics[tid] = Topic(
            id=tid,
            audience=t.get("audience", ""),
            covers=t.get("covers", ""),
            facts=tuple(t.get("facts") or ()),
            sources=tuple(t.get("sources") or ()),
            confidence=t.get("confidence", ""),
            caveat=t.get("caveat", ""),
            confirm_with=tuple(t.get("confirm_with") or ()),
            last_checked=_as_date(t.get("last_checked"), where, problems),
            related=tuple(t.get("related") or ()),
            followups=followups,
        )
    for topic in topics.values():
        for ref in list(topic.related) + list(topic.followups.values()):
            if ref not in topics:
                problems.append(f"topics.yml:{topic.id}: refers to unknown topic {ref!r}")
        if topic.last_checked > dt.date.today():
            problems.append(f"topics.yml:{topic.id}: last_checked is in the future")
    return topics


def _parse_language(code: str, raw: dict, designed: dict) -> Language:
    meta = designed.get(code, {})
    return Language(
        code=code,
        name=meta.get("name", code),
        native_name=meta.get("native_name", code),
        complete=bool(raw.get("complete", False)),
        date_format=raw.get("date_format") or "{y:04d}-{m:02d}-{d:02d}",
        labels=dict(raw.get("labels") or {}),
        messages=dict(raw.get("messages") or {}),
        organizations=dict(raw.get("organizations") or {}),
        topics={k: dict(v or {}) for k, v in (raw.get("topics") or {}).items()},
        personal=dict(raw.get("personal") or {}),
        occupation_lookup=dict(raw.get("occupation_lookup") or {}),
        ui=dict(raw.get("ui") or {}),
    )


def _check_language(lang: Language, kb_topics: Dict[str, Topic], orgs, problems: List[str]) -> None:
    where = f"lang/{lang.code}.yml"
    for tid, entry in lang.topics.items():
        topic = kb_topics.get(tid)
        if topic is None:
            problems.append(f"{where}: topic {tid!r} is not in topics.yml")
            continue
        has_answer = bool(entry.get("answer"))
        has_split = bool(entry.get("trainee")) and bool(entry.get("employer"))
        if has_answer == has_split:
            problems.append(f"{where}:{tid}: give either `answer` or both `trainee` and `employer`")
        title = entry.get("title") or ""
        if not title or len(title) > MAX_TITLE_CHARS:
            problems.append(f"{where}:{tid}: title must be 1-{MAX_TITLE_CHARS} characters")
        if topic.caveat != "none" and not entry.get("caveat"):
            problems.append(f"{where}:{tid}: topic is marked {topic.caveat}; the answer needs a caveat")
        try:
            lang.format_date(dt.date(2000, 1, 2))
        except (KeyError, ValueError, IndexError):
            problems.append(f"{where}: bad date_format {lang.date_format!r}")
    if lang.complete:
        for tid in kb_topics:
            if tid not in lang.topics:
                problems.append(f"{where}: complete language is missing topic {tid!r}")
        for name in MESSAGES:
            if not lang.messages.get(name):
                problems.append(f"{where}: complete language is missing message {name!r}")
        for name in LABELS:
            if not lang.labels.get(name):
                problems.append(f"{where}: complete language is missing label {name!r}")
        for org in orgs:
            if not lang.organizations.get(org):
                problems.append(f"{where}: complete language is missing organization {org!r}")
        _check_personal(lang, where, problems)
        for key in UI_KEYS:
            if not isinstance(lang.ui.get(key), str) or not lang.ui.get(key):
                problems.append(f"{where}: ui.{key} is missing")
        for key in OCCUPATION_LOOKUP_KEYS:
            if not isinstance(lang.occupation_lookup.get(key), str) or not lang.occupation_lookup.get(key):
                problems.append(f"{where}: occupation_lookup.{key} is missing")


def _check_personal(lang: Language, where: str, problems: List[str]) -> None:
    """A complete language words every milestone, condition and reason the rules engine returns."""
    from bot.rules.model import CONDITION_IDS, MILESTONE_IDS, REASON_CODES

    p = lang.personal
    for key in ("header_timeline", "header_eligibility", "staff_header_timeline", "staff_header_eligibility",
                "window", "check_with_so"):
        if not isinstance(p.get(key), str) or not p.get(key):
            problems.append(f"{where}: personal.{key} is missing")
    for group, ids in (("milestones", MILESTONE_IDS), ("conditions", CONDITION_IDS), ("reasons", REASON_CODES),
                       ("statuses", ("done", "upcoming", "overdue", "not_applicable")),
                       ("condition_marks", ("met", "not_met", "unknown")),
                       ("eligibility", ("met", "not_met", "unknown")), ("targets", ("ii", "iii", "ssw"))):
        section = p.get(group) or {}
        for key in ids:
            if not isinstance(section.get(key), str) or not section.get(key):
                problems.append(f"{where}: personal.{group}.{key} is missing or not text")


def read(directory: Path = None) -> Knowledge:
    """Reads and validates the knowledge files; raises KnowledgeError on any problem."""
    directory = Path(directory or config.KNOWLEDGE_DIR)
    problems: List[str] = []
    raw_topics = _read_yaml(directory / "topics.yml")
    topics = _parse_topics(raw_topics, problems)
    orgs = tuple(raw_topics.get("organizations") or ())
    menu = tuple(raw_topics.get("menu") or ())
    for tid in menu:
        if tid not in topics:
            problems.append(f"topics.yml: menu names unknown topic {tid!r}")

    designed = _read_yaml(directory / "languages.yml").get("languages") or {}
    languages: Dict[str, Language] = {}
    raws: Dict[str, dict] = {}
    for path in sorted((directory / "lang").glob("*.yml")):
        code = path.stem
        if code not in designed:
            problems.append(f"lang/{path.name}: language {code!r} is not in languages.yml")
            continue
        raws[code] = _read_yaml(path)
        lang = _parse_language(code, raws[code], designed)
        _check_language(lang, topics, orgs, problems)
        languages[code] = lang
    reference = raws.get(config.DEFAULT_LANGUAGE)
    if reference is not None:
        for code, raw in raws.items():
            if code != config.DEFAULT_LANGUAGE:
                problems.extend(placeholder_problems(reference, raw, f"lang/{code}.yml"))
    if config.DEFAULT_LANGUAGE not in languages or not languages[config.DEFAULT_LANGUAGE].complete:
        problems.append(f"the default language {config.DEFAULT_LANGUAGE!r} must have a complete file")
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(
        topics=topics,
        languages=languages,
        designed_languages={code: (meta or {}).get("native_name", code) for code, meta in designed.items()},
        organizations=orgs,
        menu=menu,
    )


# English names next to native ones: a language may leave them out.
OPTIONAL_PLACEHOLDERS = {"operation_en", "occupation_en"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::[^}]*)?\}")


def placeholder_problems(reference: dict, other: dict, where: str, path: str = "") -> List[str]:
    """A translation must use exactly the {placeholders} of the English text it translates."""
    found: List[str] = []
    if isinstance(reference, dict) and isinstance(other, dict):
        for key, value in other.items():
            if key in reference and key != "date_format":
                found.extend(placeholder_problems(reference[key], value, where, f"{path}.{key}" if path else str(key)))
    elif isinstance(reference, str) and isinstance(other, str):
        want, got = set(_PLACEHOLDER.findall(reference)), set(_PLACEHOLDER.findall(other))
        if got - want or (want - got) - OPTIONAL_PLACEHOLDERS:
            found.append(f"{where}:{path}: placeholders {sorted(got)} differ from English {sorted(want)}")
    return found


class _Cache:
    """Holds the last good knowledge base; re-reads when a file's mtime changes."""

    def __init__(self, min_interval: float = 1.0):
        self._lock = threading.Lock()
        self._kb: Optional[Knowledge] = None
        self._stamp: Optional[tuple] = None
        self._checked = 0.0
        self._min_interval = min_interval

    @staticmethod
    def _stamp_of(directory: Path) -> tuple:
        files = [directory / "topics.yml", directory / "languages.yml", *sorted((directory / "lang").glob("*.yml"))]
        return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())

    def get(self, directory: Path = None) -> Knowledge:
        directory = Path(directory or config.KNOWLEDGE_DIR)
        with self._lock:
            now = time.monotonic()
            if self._kb is not None and now - self._checked < self._min_interval:
                return self._kb
            self._checked = now
            stamp = self._stamp_of(directory)
            if self._kb is None or stamp != self._stamp:
                try:
                    self._kb = read(directory)
                    self._stamp = stamp
                except KnowledgeError as e:
                    if self._kb is None:
                        raise
                    # Keep serving the last good version while an edit is broken.
                    logger.error("knowledge edit rejected, still serving the previous version: %s", e)
                    self._stamp = stamp
            return self._kb


_cache = _Cache()


def load(directory: Path = None) -> Knowledge:
    return _cache.get(directory)
