"""The statute question sets (questions, twelve sets of two-turn follow-ups): split, size, and every key fact
found literally in its article.

The statutes live outside the repo (`ZONEBOT_LAWS_DIR`, by default ../shared/laws); the literal checks
skip with a reason where they are absent.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evals.data import DATASETS_DIR, FollowUp, load_cases
from knowledge.settings import get_settings

DATASET = DATASETS_DIR / "laws.jsonl"
FOLLOWUPS = DATASETS_DIR / "laws_followups.jsonl"
FOLLOWUPS_B = DATASETS_DIR / "laws_followups_b.jsonl"  # phrasings the first set does not use
FOLLOWUPS_C = DATASETS_DIR / "laws_followups_c.jsonl"  # short spoken turns, statements, penalties in own words
FOLLOWUPS_D = DATASETS_DIR / "laws_followups_d.jsonl"  # conditions, liability, deadlines, exceptions, fast typing
FOLLOWUPS_E = DATASETS_DIR / "laws_followups_e.jsonl"  # penalties in the user's words, and five other aspects
FOLLOWUPS_F = DATASETS_DIR / "laws_followups_f.jsonl"  # short spoken follow-ups and short off-topic questions
FOLLOWUPS_G = DATASETS_DIR / "laws_followups_g.jsonl"  # follow-ups whose words fit a neighbouring statute too
FOLLOWUPS_H = DATASETS_DIR / "laws_followups_h.jsonl"  # written without sight of the code or any result
FOLLOWUPS_I = DATASETS_DIR / "laws_followups_i.jsonl"  # the same way, in kinds the others lack (confirm, remedy...)
FOLLOWUPS_J = DATASETS_DIR / "laws_followups_j.jsonl"  # another statute asked for, and 别的/其他 of the same one
FOLLOWUPS_K = DATASETS_DIR / "laws_followups_k.jsonl"  # phrasings none of the others use, written blind
FOLLOWUPS_L = DATASETS_DIR / "laws_followups_l.jsonl"  # the same way, thirty other styles, one row each
FOLLOWUPS_M = DATASETS_DIR / "laws_followups_m.jsonl"  # the same way again, thirty more styles
FOLLOWUPS_N = DATASETS_DIR / "laws_followups_n.jsonl"  # and again: mostly told situations, ten cross-statute
FOLLOWUPS_O = DATASETS_DIR / "laws_followups_o.jsonl"  # openers naming no statute, often between two that share words
ALL_FOLLOWUPS = (FOLLOWUPS, FOLLOWUPS_B, FOLLOWUPS_C, FOLLOWUPS_D, FOLLOWUPS_E, FOLLOWUPS_F, FOLLOWUPS_G, FOLLOWUPS_H,
                 FOLLOWUPS_I, FOLLOWUPS_J, FOLLOWUPS_K, FOLLOWUPS_L, FOLLOWUPS_M, FOLLOWUPS_N,
                 FOLLOWUPS_O)  # in the order they were written
SPLIT = DATASETS_DIR / "laws_split.json"
# An article runs from its "第X条" paragraph to the next one or the next heading; written here
# independently of ingest/structure.py so the check does not trust the code it helps evaluate.
_ARTICLE = re.compile(r"^(第[零一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)[\s　]", re.MULTILINE)


def _articles(path: Path) -> dict[str, str]:
    body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
    body = re.sub(r"^#.*$", "\f", body, flags=re.MULTILINE)  # a heading ends the article before it
    starts = list(_ARTICLE.finditer(body))
    ends = [m.start() for m in starts[1:]] + [len(body)]
    return {m[1]: re.sub(r"\s", "", body[m.start():end].split("\f")[0]) for m, end in zip(starts, ends)}


def test_dataset_size_and_split() -> None:
    cases = load_cases([DATASET])
    assert len(cases.answerable) >= 80 and len(cases.out_of_scope) >= 20
    assert all(c.article for c in cases.answerable)
    assert len({c.sources[0] for c in cases.answerable}) >= 20
    numeric = re.compile(r"[日月年天]|元|%|‰|倍|万分之|吨|米")
    assert sum(any(numeric.search(f) for f in c.key_facts) for c in cases.answerable) >= 25
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    ids = {c.id for c in cases.answerable} | {c.id for c in cases.out_of_scope}
    assert set(split["dev"]).isdisjoint(split["heldout"])
    assert set(split["dev"]) | set(split["heldout"]) == ids


def test_followups_size_kinds_and_split() -> None:
    cases = load_cases([FOLLOWUPS]).followups
    assert len(cases) >= 40 and all(c.article for c in cases)
    assert len({c.sources[0] for c in cases}) >= 20
    kinds = {c.style for c in cases}
    assert {"what_about", "aspect", "pronoun", "supposition", "consequence", "detail"} <= kinds
    assert all(sum(c.style == k for c in cases) >= 4 for k in kinds)
    assert {c.split for c in cases} == {"dev", "heldout"}  # every id is in one committed list


def _before(path: Path) -> list[Path]:
    """The follow-up sets written before `path`'s."""
    return list(ALL_FOLLOWUPS[:ALL_FOLLOWUPS.index(path)])


def _styled_set(path: Path, size: int, kinds: set[str], earlier: list[Path]) -> list[FollowUp]:
    """A later follow-up set: two turns each, ten rows of every kind, the topic switches and only they
    leaving the statutes in their last turn, no id of an earlier set."""
    cases = load_cases([path]).followups
    assert len(cases) == size and all(c.article and len(c.turns) == 2 for c in cases)
    assert {c.style for c in cases} == kinds and all(sum(c.style == k for c in cases) == 10 for k in kinds)
    assert all(c.out_of_scope == (c.style == "out_of_scope_switch") for c in cases)
    assert not {c.id for c in cases} & {c.id for c in load_cases(earlier).followups}
    return cases


def test_second_followups_size_kinds_and_split() -> None:
    kinds = {"ellipsis", "clarify", "scenario_change", "sequence", "colloquial", "negation", "out_of_scope_switch"}
    cases = _styled_set(FOLLOWUPS_B, 70, kinds, _before(FOLLOWUPS_B))
    assert len({c.sources[0] for c in cases}) >= 20
    assert {c.split for c in cases if c.out_of_scope} == {c.split for c in cases} == {"dev", "heldout"}


def test_third_followups_size_kinds_and_split() -> None:
    kinds = {"short_colloquial", "statement", "penalty", "procedure", "mixed", "out_of_scope_switch"}
    cases = _styled_set(FOLLOWUPS_C, 60, kinds, _before(FOLLOWUPS_C))
    assert {c.split for c in cases if c.out_of_scope} == {c.split for c in cases} == {"dev", "heldout"}
    # each follow-up knows its file, for the report's per-file table
    assert {c.dataset for c in cases} == {"laws_followups_c"}
    assert {c.dataset for c in load_cases([FOLLOWUPS, FOLLOWUPS_B]).followups} == {"laws_followups", "laws_followups_b"}


def test_fourth_followups_size_kinds_and_split() -> None:
    kinds = {"condition", "who_pays", "deadline", "exception", "typo_or_dialect", "out_of_scope_switch"}
    cases = _styled_set(FOLLOWUPS_D, 60, kinds, _before(FOLLOWUPS_D))
    assert all(sum(c.style == k and c.split == "dev" for c in cases) == 5 for k in kinds)
    assert len({c.sources[0] for c in cases if not c.out_of_scope}) >= 18
    assert not any(f in c.turns[-1] for c in cases for f in c.key_facts)  # the answer is not in the question


def test_fifth_followups_size_kinds_and_split() -> None:
    cases = load_cases([FOLLOWUPS_E]).followups
    earlier = load_cases(_before(FOLLOWUPS_E)).followups
    assert len(cases) == 30 and all(c.article and len(c.turns) == 2 and not c.out_of_scope for c in cases)
    assert {c.style for c in cases} == {"penalty", "deadline", "who", "condition", "exception", "amount"}
    assert sum(c.style == "penalty" for c in cases) == 15  # each answered by the liability article of another statute
    assert len({c.sources[0] for c in cases if c.style == "penalty"}) == 15 and len({c.sources[0] for c in cases}) >= 20
    assert not {c.id for c in cases} & {c.id for c in earlier}
    assert sorted(c.split for c in cases) == ["dev"] * 15 + ["heldout"] * 15
    assert not any(f in c.turns[-1] for c in cases for f in c.key_facts)


def test_sixth_followups_size_kinds_and_split() -> None:
    kinds = {"spoken_penalty", "spoken_time", "spoken_who", "spoken_whether", "fragment", "out_of_scope_switch"}
    cases = _styled_set(FOLLOWUPS_F, 60, kinds, _before(FOLLOWUPS_F))
    assert all(sum(c.style == k and c.split == "dev" for c in cases) == 5 for k in kinds)
    assert len({c.sources[0] for c in cases if not c.out_of_scope}) >= 22
    # the answer is not in the question, whichever alternative of a key fact it would be
    assert not any(alt in c.turns[-1] for c in cases for f in c.key_facts for alt in f.split("|"))
    assert all(len(c.turns[-1]) <= 14 for c in cases if not c.out_of_scope)
    assert all(len(c.turns[-1]) <= 12 for c in cases if c.out_of_scope)


def test_seventh_followups_size_kinds_and_split() -> None:
    cases = load_cases([FOLLOWUPS_G]).followups
    earlier = load_cases(_before(FOLLOWUPS_G)).followups
    answerable = [c for c in cases if not c.out_of_scope]
    assert len(answerable) == 60 and len(cases) == 70 and all(c.article and len(c.turns) == 2 for c in cases)
    assert all(c.out_of_scope == (c.style == "out_of_scope_switch") for c in cases)
    assert sum(c.style.startswith("neighbour_") for c in answerable) >= 35
    assert len({c.sources[0] for c in answerable}) >= 20
    assert not {c.id for c in cases} & {c.id for c in earlier}
    assert sorted(c.split for c in answerable) == ["dev"] * 30 + ["heldout"] * 30
    assert sorted(c.split for c in cases if c.out_of_scope) == ["dev"] * 5 + ["heldout"] * 5
    assert not any(f in turn for c in cases for f in c.key_facts for turn in c.turns)


def test_eighth_followups_size_kinds_and_split() -> None:
    cases = load_cases([FOLLOWUPS_H]).followups
    earlier = load_cases(_before(FOLLOWUPS_H)).followups
    answerable = [c for c in cases if not c.out_of_scope]
    assert len(answerable) == 52 and len(cases) == 60 and all(c.article and len(c.turns) == 2 for c in cases)
    assert all(c.out_of_scope == (c.style == "topic_switch") for c in cases)
    assert sum(c.style == "cross_statute" for c in answerable) == 10
    assert len({c.sources[0] for c in answerable}) >= 20
    assert not {c.id for c in cases} & {c.id for c in earlier}
    assert not {tuple(c.turns) for c in cases} & {tuple(c.turns) for c in earlier}
    assert sum(c.split == "heldout" for c in cases) == 24
    assert not any(f in turn for c in cases for f in c.key_facts for turn in c.turns)


def test_ninth_followups_size_kinds_and_split() -> None:
    cases = load_cases([FOLLOWUPS_I]).followups
    earlier = load_cases(_before(FOLLOWUPS_I)).followups
    answerable = [c for c in cases if not c.out_of_scope]
    assert len(answerable) == 52 and len(cases) == 60 and all(c.article and len(c.turns) == 2 for c in cases)
    assert all(c.out_of_scope == (c.style == "topic_switch") for c in cases)
    assert sum(c.style == "cross_statute" for c in answerable) == 10
    assert all(sum(c.style == s for c in answerable) >= 5
               for s in ("back_reference", "confirm", "role_change", "quantity_change", "consequence", "remedy"))
    assert len({c.sources[0] for c in answerable}) == 29
    assert not {c.id for c in cases} & {c.id for c in earlier}
    assert not {tuple(c.turns) for c in cases} & {tuple(c.turns) for c in earlier}
    assert sum(c.split == "heldout" for c in cases) == 24
    assert not any(alt in turn for c in cases for f in c.key_facts for alt in f.split("|") for turn in c.turns)


def test_tenth_followups_size_kinds_and_split() -> None:
    cases = load_cases([FOLLOWUPS_J]).followups
    earlier = load_cases(_before(FOLLOWUPS_J)).followups
    assert len(cases) == 24 and all(c.article and len(c.turns) == 2 and not c.out_of_scope for c in cases)
    assert sorted(c.style for c in cases) == ["another_statute"] * 14 + ["same_statute_other"] * 10
    assert not {c.id for c in cases} & {c.id for c in earlier}
    assert [c.split for c in cases].count("heldout") == 12
    assert not any(alt in turn for c in cases for f in c.key_facts for alt in f.split("|") for turn in c.turns)


def _blind_set(path: Path, size: int = 30) -> tuple[list[FollowUp], list[FollowUp]]:
    """(the set's follow-ups, those of the sets before it), after the checks every set written blind passes:
    `size` answerable two-turn rows split in halves, no id or turn of an earlier set, no key fact given away in a turn."""
    cases = load_cases([path]).followups
    earlier = load_cases(_before(path)).followups
    assert len(cases) == size and all(c.article and len(c.turns) == 2 and not c.out_of_scope for c in cases)
    assert not {c.id for c in cases} & {c.id for c in earlier}
    assert not {t for c in cases for t in c.turns} & {t for c in earlier for t in c.turns}
    assert [c.split for c in cases].count("heldout") == size // 2
    assert not any(alt in turn for c in cases for f in c.key_facts for alt in f.split("|") for turn in c.turns)
    return cases, earlier


def test_eleventh_followups_size_kinds_and_split() -> None:
    cases, _ = _blind_set(FOLLOWUPS_K)
    assert len({c.style for c in cases}) >= 8 and len({c.sources[0] for c in cases}) >= 15


def test_twelfth_followups_size_kinds_and_split() -> None:
    cases, earlier = _blind_set(FOLLOWUPS_L)
    assert len({c.style for c in cases}) == 30 and len({c.sources[0] for c in cases}) >= 18
    assert not {c.style for c in cases} & {c.style for c in earlier}


def test_thirteenth_followups_size_kinds_and_split() -> None:
    cases, earlier = _blind_set(FOLLOWUPS_M)
    assert len({c.style for c in cases}) == 30 and len({c.sources[0] for c in cases}) >= 20
    assert not {c.style for c in cases} & {c.style for c in earlier}


def test_fourteenth_followups_size_kinds_and_split() -> None:
    cases, earlier = _blind_set(FOLLOWUPS_N)
    assert len({c.style for c in cases}) == 30 and len({c.sources[0] for c in cases}) >= 25
    assert not {c.style for c in cases} & {c.style for c in earlier}
    assert sum("？" not in c.turns[0] and "?" not in c.turns[0] for c in cases) >= 20  # first turns that only tell


def test_fifteenth_followups_name_no_statute_in_their_openers() -> None:
    cases, earlier = _blind_set(FOLLOWUPS_O, 40)
    assert len({c.style for c in cases}) == 40 and len({c.sources[0] for c in cases}) >= 20
    assert not {c.style for c in cases} & {c.style for c in earlier}
    assert not any(re.search(r"[法例]》|法第|条例", c.turns[0]) for c in cases)  # the opener names no statute


def test_every_followup_set_on_disk_is_checked() -> None:
    assert sorted(ALL_FOLLOWUPS) == sorted(DATASETS_DIR.glob("laws_followups*.jsonl"))


def test_every_key_fact_is_in_its_article() -> None:
    laws = get_settings().laws_dir
    if not laws.is_dir():
        pytest.skip(f"statutes folder {laws} is absent (set ZONEBOT_LAWS_DIR)")
    missing = []
    cases = load_cases([DATASET, *ALL_FOLLOWUPS])
    assert len(cases.followups) >= 40 + 70 + 60 + 60 + 30 + 60 + 70 + 60 + 60 + 24 + 30 + 30 + 30 + 30 + 40
    # a topic switch's article is that of its first turn, which its key facts describe
    for case in [*cases.answerable, *cases.followups]:
        article = _articles(laws / case.sources[0]).get(case.article or "", "")
        for fact in case.key_facts:
            if not any(re.sub(r"\s", "", alt) in article for alt in fact.split("|")):
                missing.append(f"{case.id} {case.article}: {fact}")
    assert not missing, missing


def test_laws_evaluation_skips_with_a_chinese_message_when_the_folder_is_absent(tmp_path: Path) -> None:
    env = os.environ | {"ZONEBOT_LAWS_DIR": str(tmp_path / "missing")}
    run = subprocess.run([sys.executable, "-m", "evals", "laws", "--embedding", "light", "--out", str(tmp_path / "r"),
                          "--kb-cache", str(tmp_path / "kb")], cwd=Path(__file__).resolve().parents[2], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0
    assert "没有找到法律法规文本目录" in run.stderr and "ZONEBOT_LAWS_DIR" in run.stderr
    assert not (tmp_path / "kb").exists()  # nothing built
