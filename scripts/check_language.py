"""Checks one language's files before they join the project.

    python scripts/check_language.py vi [--lang F] [--nlu F] [--heldout F]

Defaults are the project's own files (bot/knowledge/lang/vi.yml, data/nlu/vi.yml,
tests/nlu/vi.yml). It checks that the language file is complete and uses the same
placeholders as English, that every training intent has enough examples, and
that held-out questions are never also training examples. Exit status 1 on any
problem, with every problem listed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIN_TRAINING = 15
MIN_HELD_OUT = 5


def _examples(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = {}
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        lines = [l.strip()[2:].strip() for l in (block.get("examples") or "").splitlines() if l.strip().startswith("- ")]
        found.setdefault(block["intent"], []).extend(lines)
    return found


def _missing_keys(reference, other, path=""):
    if isinstance(reference, dict):
        if not isinstance(other, dict):
            return [path or "(top)"]
        out = []
        for key, value in reference.items():
            if key in ("language", "complete"):
                continue
            out.extend(_missing_keys(value, other.get(key), f"{path}.{key}" if path else key))
        return out
    return [] if isinstance(other, str) and other.strip() else [path]


def check_language_file(code: str, lang_file: Path) -> list:
    from bot.knowledge.loader import KnowledgeError, read

    problems = []
    raw = yaml.safe_load(lang_file.read_text(encoding="utf-8")) or {}
    if raw.get("language") != code:
        problems.append(f"{lang_file}: `language:` must be {code!r}")
    if raw.get("complete") is not True:
        problems.append(f"{lang_file}: `complete: true` is required")
    reference = yaml.safe_load((ROOT / "bot/knowledge/lang/en.yml").read_text(encoding="utf-8"))
    problems.extend(f"{lang_file}: missing or empty: {k}" for k in _missing_keys(reference, raw))
    with tempfile.TemporaryDirectory() as tmp:
        kb_dir = Path(tmp) / "knowledge"
        shutil.copytree(ROOT / "bot/knowledge", kb_dir)
        shutil.copy(lang_file, kb_dir / "lang" / f"{code}.yml")
        try:
            read(kb_dir)
        except KnowledgeError as exc:
            problems.extend(p for p in exc.problems if f"lang/{code}.yml" in p)
    return problems


def check_training(code: str, nlu_file: Path, heldout_file: Path) -> list:
    problems = []
    intents = _examples(ROOT / "data/nlu/en.yml")
    training = _examples(nlu_file) if nlu_file.exists() else {}
    held_out = _examples(heldout_file) if heldout_file.exists() else {}
    if not nlu_file.exists():
        problems.append(f"{nlu_file}: missing")
    for intent in intents:
        n = len(set(training.get(intent, [])))
        if n < MIN_TRAINING:
            problems.append(f"{nlu_file}: intent {intent} has {n} distinct examples (need {MIN_TRAINING})")
    for intent in training:
        if intent not in intents:
            problems.append(f"{nlu_file}: unknown intent {intent}")
    en_held_out = _examples(ROOT / "tests/nlu/en.yml")
    for intent in en_held_out:
        n = len(set(held_out.get(intent, [])))
        if n < MIN_HELD_OUT:
            problems.append(f"{heldout_file}: intent {intent} has {n} held-out questions (need {MIN_HELD_OUT})")
    seen = {}
    for intent, lines in training.items():
        for line in lines:
            if line in seen and seen[line] != intent:
                problems.append(f"{nlu_file}: {line!r} is under both {seen[line]} and {intent}")
            seen[line] = intent
    for intent, lines in held_out.items():
        for line in lines:
            if line in seen:
                problems.append(f"{heldout_file}: {line!r} is also a training example")
    # The model is shared: the same sentence in another language's file must carry the same intent.
    for other in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        if other.resolve() == nlu_file.resolve():
            continue
        for intent, lines in _examples(other).items():
            for line in lines:
                if line in seen and seen[line] != intent:
                    problems.append(f"{nlu_file}: {line!r} is {seen[line]} here but {intent} in {other.name}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("code")
    parser.add_argument("--lang", type=Path)
    parser.add_argument("--nlu", type=Path)
    parser.add_argument("--heldout", type=Path)
    args = parser.parse_args(argv)
    code = args.code
    lang_file = args.lang or ROOT / f"bot/knowledge/lang/{code}.yml"
    nlu_file = args.nlu or ROOT / f"data/nlu/{code}.yml"
    heldout_file = args.heldout or ROOT / f"tests/nlu/{code}.yml"
    problems = []
    if lang_file.exists():
        problems += check_language_file(code, lang_file)
    else:
        problems.append(f"{lang_file}: missing")
    problems += check_training(code, nlu_file, heldout_file)
    for p in problems:
        print(p)
    print(f"{code}: {'OK' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
