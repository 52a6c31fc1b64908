"""Turns a knowledge entry into a reply (text + buttons) in the conversation's language.

A topic answer always ends with who can confirm it and when its facts were
last checked. Anything missing in the requested language falls back to English
with a one-line notice, never to nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional

from bot import config
from bot.knowledge.loader import Knowledge, Language

HELP_PAYLOAD = "/help"
SHOW_EMPLOYER_PAYLOAD = "/show_employer"


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    language: str = config.DEFAULT_LANGUAGE   # the language the text is in
    fell_back: bool = False                   # True when English stood in

    def as_nlg(self) -> Dict:
        """The JSON shape Rasa's NLG endpoint expects."""
        return {"text": self.text, "buttons": self.buttons, "elements": [], "custom": {}, "image": None}


def _lang(kb: Knowledge, code: Optional[str]) -> Language:
    return kb.languages.get(code or "") or kb.languages[config.DEFAULT_LANGUAGE]


def _notice(kb: Knowledge, requested: Optional[str]) -> str:
    """One line telling the user this text is English because theirs is missing."""
    code = requested or ""
    lang = kb.languages.get(code)
    template = (lang.labels.get("fallback_notice") if lang else None) or \
        kb.languages[config.DEFAULT_LANGUAGE].labels["fallback_notice"]
    return template.format(language=kb.designed_languages.get(code, code))


def _pick(kb: Knowledge, requested: Optional[str], getter):
    """Returns (value, language used, fell_back) trying the requested language first."""
    lang = kb.languages.get(requested or "")
    if lang is not None:
        value = getter(lang)
        if value:
            return value, lang, False
    default = kb.languages[config.DEFAULT_LANGUAGE]
    fell_back = (requested or config.DEFAULT_LANGUAGE) != config.DEFAULT_LANGUAGE
    return getter(default), default, fell_back


def _labels(kb: Knowledge, lang: Language) -> Dict[str, str]:
    """The language's labels, with English standing in for any it lacks."""
    return {**kb.languages[config.DEFAULT_LANGUAGE].labels, **lang.labels}


def _organizations(kb: Knowledge, lang: Language) -> Dict[str, str]:
    return {**kb.languages[config.DEFAULT_LANGUAGE].organizations, **lang.organizations}


def topic_buttons(kb: Knowledge, topic_ids: Iterable[str], requested: Optional[str]) -> List[Dict[str, str]]:
    buttons = []
    for tid in topic_ids:
        topic = kb.topics.get(tid)
        if topic is None:
            continue
        title, _, _ = _pick(kb, requested, lambda l: (l.topics.get(tid) or {}).get("title"))
        buttons.append({"title": title, "payload": f"/{topic.intent}"})
    return buttons


def live_languages(kb: Knowledge) -> List[str]:
    """Languages with a file, in the order of languages.yml."""
    return [code for code in kb.designed_languages if code in kb.languages]


def language_buttons(kb: Knowledge) -> List[Dict[str, str]]:
    return [{"title": kb.languages[code].native_name,
             "payload": f'/switch_language{{"language_name":"{code}"}}'} for code in live_languages(kb)]


def render_topic(kb: Knowledge, topic_id: str, requested: Optional[str]) -> Reply:
    topic = kb.topics[topic_id]
    entry, lang, fell_back = _pick(kb, requested, lambda l: l.topics.get(topic_id))
    labels = _labels(kb, lang)
    organizations = _organizations(kb, lang)
    parts: List[str] = []
    if fell_back:
        parts.append(_notice(kb, requested))
    if entry.get("answer"):
        parts.append(entry["answer"].strip())
    else:
        parts.append(f"**{labels['for_trainees']}** {entry['trainee'].strip()}")
        parts.append(f"**{labels['for_employers']}** {entry['employer'].strip()}")
    if topic.caveat != "none":
        parts.append(labels["caveat"].format(text=entry["caveat"].strip()))
    orgs = labels.get("list_separator", ", ").join(organizations.get(o, o) for o in topic.confirm_with)
    parts.append(
        labels["confirm_with"].format(orgs=orgs) + "\n"
        + labels["last_checked"].format(date=lang.format_date(topic.last_checked))
    )
    buttons = topic_buttons(kb, topic.related, requested)
    if lang.code != "ja":
        buttons.append({"title": labels["show_employer"], "payload": SHOW_EMPLOYER_PAYLOAD})
    return Reply(
        text="\n\n".join(parts),
        buttons=buttons,
        language=lang.code,
        fell_back=fell_back,
    )


def render_message(
    kb: Knowledge, name: str, requested: Optional[str], suggestions: Iterable[str] = ()
) -> Reply:
    """A bot message (greeting, help, fallback...). `suggestions` become topic buttons."""
    text, lang, fell_back = _pick(kb, requested, lambda l: l.messages.get(name))
    if text is None:
        raise KeyError(f"unknown message {name!r}")
    if fell_back:
        text = _notice(kb, requested) + "\n\n" + text
    suggestions = list(suggestions)
    if name in ("greet", "help") and not suggestions:
        suggestions = list(kb.menu)
    buttons = topic_buttons(kb, suggestions, requested)
    if name in ("choose_language", "language_unknown"):
        buttons = language_buttons(kb)
        text = text.replace("{languages}", ", ".join(kb.languages[c].native_name for c in live_languages(kb)))
    if name in ("fallback", "followup_unknown", "out_of_scope"):
        more, _, _ = _pick(kb, requested, lambda l: l.labels.get("more_topics"))
        buttons.append({"title": more, "payload": HELP_PAYLOAD})
    return Reply(text=text.strip(), buttons=buttons, language=lang.code, fell_back=fell_back)


def render_response(kb: Knowledge, response: str, requested: Optional[str], arguments: Optional[Dict] = None) -> Reply:
    """Renders a Rasa response name: utter_<topic id> or utter_<message name>."""
    arguments = arguments or {}
    topic = kb.topic_for_response(response)
    if topic is not None:
        return render_topic(kb, topic.id, requested)
    name = response[len("utter_"):] if response.startswith("utter_") else response
    reply = render_message(kb, name, requested, suggestions=arguments.get("suggestions") or ())
    if "{" in reply.text:
        # e.g. {minutes} in verify_locked; only plain numbers and words are substituted
        values = {k: v for k, v in arguments.items() if isinstance(v, (int, float, str))}
        try:
            reply.text = reply.text.format(**values)
        except (KeyError, IndexError, ValueError):
            pass
    return reply
