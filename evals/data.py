"""Evaluation cases read from JSONL: the bundled datasets or staff exports from the console.

One file may mix kinds (a console export holds answerable and should-refuse rows), so each row is
classified by its fields: `turns` = follow-up, `sources` = answerable, `reason` = out of scope.

Every bundled dataset was split once, before any tuning, into dev and held-out rows (seeded random
40 % held out; the id lists are committed in datasets/splits/<name>.{dev,heldout}.txt). Tuning and
calibration read dev only; the regression gate reads held-out. Rows of a file with no split lists
(a console export) are "unsplit".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

DATASETS_DIR = Path(__file__).with_name("datasets")
# followups_catalogue.jsonl: two-turn follow-ups over every catalogue item x five aspects (time limit, fee,
# materials, department, conditions) x three phrasings; its key facts are quoted from the item's guide.
# followups_free.jsonl: follow-ups in phrasings the others do not use (ellipsis, clarify, scenario change...),
# written without sight of the follow-up code, with a `style` each; ten switch to a topic outside the
# knowledge base in their last turn (`out_of_scope`).
# followups_fresh.jsonl: 60 follow-ups and 10 topic switches over every corpus document, written (Dec 1) without
# sight of the code or of any result, in typed phrasings (dialect, typos, no punctuation, next steps into
# another document), and split before its first run.
# followups_blind.jsonl: 60 follow-ups and 10 switches written (Dec 2) the same way by a helper who read only the
# corpus, in kinds the others lack (back-references to the answer, yes/no checks, another actor or quantity,
# two questions at once, Latin letters mixed in); split before its first run.
# followups_blind2.jsonl: 60 more and 10 switches (Dec 8), the same way, in further kinds (ordinal and bare-pronoun
# references, unit conversion, a missing material, where to get a form, English or emoji turns, voice typos, long
# stories naming nothing, the legal basis); split before its first run.
DEFAULT_DATASETS = tuple(DATASETS_DIR / name for name in ("answerable.jsonl", "followups.jsonl",
                                                          "followups_catalogue.jsonl", "followups_free.jsonl",
                                                          "followups_fresh.jsonl", "followups_blind.jsonl",
                                                          "followups_blind2.jsonl",
                                                          "out_of_scope.jsonl"))
SPLITS_DIR = DATASETS_DIR / "splits"
UNLABELLED = "unspecified"
Split = Literal["dev", "heldout", "unsplit"]
SPLITS: tuple[Split, ...] = ("dev", "heldout")


class Answerable(BaseModel):
    id: str
    question: str
    sources: list[str] = Field(min_length=1)
    key_facts: list[str] = []
    style: str = UNLABELLED
    article: str | None = None  # the statute article that answers it ("第五十八条"), external sets only
    split: Split = "unsplit"


class FollowUp(BaseModel):
    id: str
    turns: list[str] = Field(min_length=2)
    sources: list[str] = Field(min_length=1)
    key_facts: list[str] = []
    style: str = UNLABELLED  # how the follow-up leans on the first turn (statute set: what_about, pronoun...)
    article: str | None = None  # the statute article that answers the last turn, external sets only
    # the last turn leaves the knowledge base and must be refused; sources, key facts and article then
    # describe the first turn
    out_of_scope: bool = False
    split: Split = "unsplit"
    dataset: str = ""  # the stem of the file it was read from (per-file figures)


class OutOfScope(BaseModel):
    id: str
    question: str
    reason: str = UNLABELLED
    split: Split = "unsplit"


class Cases(BaseModel):
    answerable: list[Answerable] = []
    followups: list[FollowUp] = []
    out_of_scope: list[OutOfScope] = []

    def limited(self, n: int | None) -> Cases:
        """The first n cases of each kind (quick runs); all of them for None."""
        if n is None:
            return self
        return Cases(answerable=self.answerable[:n], followups=self.followups[:n], out_of_scope=self.out_of_scope[:n])

    def only(self, split: Split) -> Cases:
        """The cases of one split."""
        return Cases(answerable=[c for c in self.answerable if c.split == split],
                     followups=[c for c in self.followups if c.split == split],
                     out_of_scope=[c for c in self.out_of_scope if c.split == split])

    def counts(self) -> dict[str, int]:
        return {"answerable": len(self.answerable), "followups": len(self.followups),
                "out_of_scope": len(self.out_of_scope)}


class DatasetError(ValueError):
    """A dataset row that cannot be read; the message names the file and line (Chinese: staff read it)."""


def split_ids(path: Path) -> dict[str, Split]:
    """id -> split from the committed lists of a dataset file; empty when it has none."""
    found: dict[str, Split] = {}
    for split in SPLITS:
        listed = SPLITS_DIR / f"{path.stem}.{split}.txt"
        if path.parent.resolve() == DATASETS_DIR.resolve() and listed.exists():
            found |= {line.strip(): split for line in listed.read_text(encoding="utf-8").splitlines() if line.strip()}
    return found


def load_cases(paths: Sequence[Path] = DEFAULT_DATASETS) -> Cases:
    cases = Cases()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DatasetError(f"无法读取评测集 {path}：{exc}。请检查路径，文件应为 UTF-8 编码的 JSONL。") from exc
        splits = split_ids(path)
        for number, line in enumerate(lines, 1):
            if line.strip():
                _add_row(cases, line, f"{path}:{number}", splits, path.stem)
    return cases


def _add_row(cases: Cases, line: str, where: str, splits: dict[str, Split], dataset: str) -> None:
    try:
        row = json.loads(line)
        if not isinstance(row, dict):
            raise DatasetError(f"{where}：每行应是一个 JSON 对象。")
        if splits:
            if row.get("id") not in splits:
                raise DatasetError(f"{where}：编号 {row.get('id')} 不在 splits 目录的开发集或保留集名单中。")
            row["split"] = splits[row["id"]]
        if "turns" in row:
            cases.followups.append(FollowUp.model_validate(row | {"dataset": dataset}))
        elif "sources" in row:
            cases.answerable.append(Answerable.model_validate(row))
        elif "reason" in row:
            cases.out_of_scope.append(OutOfScope.model_validate(row))
        else:
            raise DatasetError(f"{where}：无法判断题目类型。可回答题需要 sources，追问题需要 turns，"
                               "应拒答题需要 reason。")
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{where}：不是合法的 JSON（{exc.msg}）。") from exc
    except ValidationError as exc:
        fields = "、".join(".".join(map(str, e["loc"])) for e in exc.errors())
        raise DatasetError(f"{where}：字段缺失或格式不对：{fields}。") from exc
