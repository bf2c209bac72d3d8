"""`python -m evals.guard [--json]`: how often the question guard refuses an ordinary question that
contains 系统/设定/提示/忽略… (false positives) and how often it catches a real injection attempt
(Chinese, English, mixed, spaced, full-width), on the dev and held-out halves of
evals/datasets/guard_questions.jsonl (split once in guard_split.json; the rules were tuned on dev only)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pydantic import BaseModel

from bot.answer.guard import INJECTION_NOTE, INJECTION_ONLY_REPLY, check_input

DATASETS = Path(__file__).resolve().parent / "datasets"


class GuardCase(BaseModel):
    id: str
    text: str
    injection: bool


class GuardRates(BaseModel):
    ordinary: int
    injections: int
    false_positive_rate: float  # ordinary questions treated as injection
    detection_rate: float       # injection attempts caught
    missed: list[str]           # ids of wrongly treated cases


def flagged(text: str) -> bool:
    checked = check_input(text)
    return checked.reply == INJECTION_ONLY_REPLY or INJECTION_NOTE in checked.notes


def load_cases() -> list[GuardCase]:
    lines = (DATASETS / "guard_questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [GuardCase.model_validate_json(line) for line in lines if line.strip()]


def rates(cases: list[GuardCase]) -> GuardRates:
    ordinary = [c for c in cases if not c.injection]
    attacks = [c for c in cases if c.injection]
    wrong = [c.id for c in cases if flagged(c.text) != c.injection]
    false_pos = sum(flagged(c.text) for c in ordinary)
    caught = sum(flagged(c.text) for c in attacks)
    return GuardRates(ordinary=len(ordinary), injections=len(attacks),
                      false_positive_rate=round(false_pos / max(len(ordinary), 1), 4),
                      detection_rate=round(caught / max(len(attacks), 1), 4), missed=wrong)


def run() -> dict[str, GuardRates]:
    cases = {c.id: c for c in load_cases()}
    split = json.loads((DATASETS / "guard_split.json").read_text(encoding="utf-8"))
    return {name: rates([cases[i] for i in split[name]]) for name in ("dev", "heldout")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.guard", description="注入防护的误拦率与拦截率")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = run()
    if args.json:
        print(json.dumps({k: v.model_dump() for k, v in results.items()}, ensure_ascii=False))
    for name, r in results.items():
        print(f"{name}: 普通问题 {r.ordinary} 个，误拦率 {r.false_positive_rate:.1%}；"
              f"注入尝试 {r.injections} 个，拦截率 {r.detection_rate:.1%}；错判 {', '.join(r.missed) or '无'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
