"""The transition-occupation list is well formed and honest about what it contains."""
import datetime as dt

import yaml

from bot import config


def load():
    with (config.KNOWLEDGE_DIR / "occupations.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_counts_match_what_is_listed():
    data = load()
    occupations = [o for f in data["fields"] for o in f["occupations"]]
    operations = [op for o in occupations for op in o["operations"]]
    assert data["counts_listed"] == {"occupations": len(occupations), "operations": len(operations)}
    assert isinstance(data["as_of"], dt.date) and data["sources"]


def test_every_operation_has_names_and_a_sourced_eligibility():
    data = load()
    keys = set(data["source_keys"])
    for field in data["fields"]:
        assert field["ja"] and field["en"]
        for occ in field["occupations"]:
            assert occ["ja"] and occ["en"]
            for op in occ["operations"]:
                assert op["ja"] and op["en"], op
                assert op["ii"] is True and isinstance(op["iii"], bool), op
                for k in ("source", "iii_source"):
                    cited = op[k] if isinstance(op[k], list) else str(op[k]).replace(",", " ").split()
                    assert cited and all(c in keys for c in cited), (op["ja"], k, op[k])


def test_incomplete_list_says_so():
    data = load()
    if data["counts_listed"] != data["counts_claimed"]:
        assert data["complete"] is False
