"""Evaluation cases read from JSONL: the bundled datasets or staff exports from the console.

One file may mix kinds (a console export holds answerable and should-refuse rows), so each row is
classified by its fields: `turns` = follow-up, `sources` = answerable, `reason` = out of scope.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

DATASETS_DIR = Path(__file__).with_name("datasets")
DEFAULT_DATASETS = tuple(DATASETS_DIR / name for name in ("answerable.jsonl", "followups.jsonl", "out_of_scope.jsonl"))
UNLABELLED = "unspecified"


class Answerable(BaseModel):
    id: str
    question: str
    sources: list[str] = Field(min_length=1)
    key_facts: list[str] = []
    style: str = UNLABELLED
    article: str | None = None  # the statute article that answers it ("第五十八条"), external sets only


class FollowUp(BaseModel):
    id: str
    turns: list[str] = Field(min_length=2)
    sources: list[str] = Field(min_length=1)
    key_facts: list[str] = []


class OutOfScope(BaseModel):
    id: str
    question: str
    reason: str = UNLABELLED


class Cases(BaseModel):
    answerable: list[Answerable] = []
    followups: list[FollowUp] = []
    out_of_scope: list[OutOfScope] = []

    def limited(self, n: int | None) -> Cases:
        """The first n cases of each kind (quick runs); all of them for None."""
        if n is None:
            return self
        return Cases(answerable=self.answerable[:n], followups=self.followups[:n], out_of_scope=self.out_of_scope[:n])

    def counts(self) -> dict[str, int]:
        return {"answerable": len(self.answerable), "followups": len(self.followups),
                "out_of_scope": len(self.out_of_scope)}


class DatasetError(ValueError):
    """A dataset row that cannot be read; the message names the file and line (Chinese: staff read it)."""


def load_cases(paths: Sequence[Path] = DEFAULT_DATASETS) -> Cases:
    cases = Cases()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DatasetError(f"无法读取评测集 {path}：{exc}。请检查路径，文件应为 UTF-8 编码的 JSONL。") from exc
        for number, line in enumerate(lines, 1):
            if line.strip():
                _add_row(cases, line, f"{path}:{number}")
    return cases


def _add_row(cases: Cases, line: str, where: str) -> None:
    try:
        row = json.loads(line)
        if not isinstance(row, dict):
            raise DatasetError(f"{where}：每行应是一个 JSON 对象。")
        if "turns" in row:
            cases.followups.append(FollowUp.model_validate(row))
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
