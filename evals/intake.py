"""Intake evaluation: replay scripted personas through the real dialogue, and check the personal
checklist on project profiles written from the service guides. `python -m evals.intake` prints it.

Side questions are answered by a fixed stand-in string (the answer chain is evaluated elsewhere);
the clock is fixed so that "明年三月" has one right answer.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.intake.checklist import build_checklist
from bot.intake.dialogue import IntakeSession
from bot.intake.state import IntakeState
from knowledge.catalogue import Catalogue

DATASETS = Path(__file__).resolve().parent / "datasets"
PERSONAS = DATASETS / "intake_personas.jsonl"
PROFILES = DATASETS / "checklist_profiles.jsonl"
EVAL_TODAY = date(2026, 11, 1)
SIDE_ANSWER = "（评估用固定回答）"
SINGLE_FACT_STYLES = {"one_by_one", "cancel"}  # not "several facts per message": excluded from the turn bar


class PersonaFailure(BaseModel):
    persona: str
    problems: list[str]


class IntakeEvalResult(BaseModel):
    personas: int
    fields_total: int
    fields_correct: int
    field_accuracy: float
    invalid_total: int
    invalid_caught: int
    valid_rejected: int
    median_turns_multi_fact: float
    checklist_total: int
    checklist_exact: int
    failures: list[PersonaFailure]

    def meets_bars(self) -> bool:
        return (self.field_accuracy >= 0.98 and self.invalid_caught == self.invalid_total
                and self.valid_rejected == 0 and self.median_turns_multi_fact <= 8
                and self.checklist_exact == self.checklist_total and not self.failures)


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(expected, got, rel_tol=1e-6, abs_tol=1e-6)
    return expected == got


def replay(persona: dict[str, Any]) -> tuple[IntakeSession, list[dict[str, str]], int | None]:
    """Run one persona: the session, the errors raised at each user turn, the turn that confirmed."""
    session = IntakeSession(IntakeState(session_id=persona["id"]), side_answer=lambda _q: SIDE_ANSWER,
                            today=lambda: EVAL_TODAY)
    session.opening()
    errors, confirmed_at = [], None
    for turn, message in enumerate(persona["messages"]):
        session.handle(message)
        errors.append(dict(session.last.errors))
        if confirmed_at is None and session.stage == "confirmed":
            confirmed_at = turn + 1
    return session, errors, confirmed_at


def run_intake_eval(personas: Path = PERSONAS, profiles: Path = PROFILES,
                    catalogue: Catalogue | None = None) -> IntakeEvalResult:
    failures: list[PersonaFailure] = []
    total = correct = invalid_total = caught = rejected = 0
    turns: list[int] = []
    people = _read(personas)
    for p in people:
        session, errors, confirmed_at = replay(p)
        problems = []
        expected, got = p["expected_fields"], session.state.values
        for fid in sorted(set(expected) | set(got)):
            total += 1
            if fid in expected and fid in got and _same(expected[fid], got[fid]):
                correct += 1
            else:
                problems.append(f"field {fid}: expected {expected.get(fid)!r}, got {got.get(fid)!r}")
        wanted = {(v["turn"], v["field"]) for v in p["invalid_values"]}
        invalid_total += len(wanted)
        for turn, fid in sorted(wanted):
            if fid in errors[turn]:
                caught += 1
            else:
                problems.append(f"turn {turn}: invalid {fid} not caught")
        for turn, errs in enumerate(errors):
            for fid, message in errs.items():
                if (turn, fid) not in wanted:
                    rejected += 1
                    problems.append(f"turn {turn}: valid {fid} rejected: {message}")
        if (session.stage == "confirmed") != p["expect_confirmed"]:
            problems.append(f"ended in stage {session.stage}, expected confirmed={p['expect_confirmed']}")
        if confirmed_at and p["style"] not in SINGLE_FACT_STYLES:
            turns.append(confirmed_at)
        if problems:
            failures.append(PersonaFailure(persona=p["id"], problems=problems))
    exact = 0
    cases = _read(profiles)
    for case in cases:
        checklist = build_checklist(case["fields"], catalogue)
        needed = sorted(e.item_id for e in checklist.with_status("需要办理"))
        unsure = sorted(e.item_id for e in checklist.with_status("待确认"))
        if needed == sorted(case["expected_items"]) and unsure == sorted(case["expected_to_confirm"]):
            exact += 1
        else:
            wrong_needed = sorted(set(needed) ^ set(case["expected_items"]))
            wrong_unsure = sorted(set(unsure) ^ set(case["expected_to_confirm"]))
            problem = f"checklist differs: needed {wrong_needed}, to confirm {wrong_unsure}"
            failures.append(PersonaFailure(persona=case["id"], problems=[problem]))
    return IntakeEvalResult(
        personas=len(people), fields_total=total, fields_correct=correct,
        field_accuracy=round(correct / total, 4) if total else 0.0, invalid_total=invalid_total,
        invalid_caught=caught, valid_rejected=rejected,
        median_turns_multi_fact=statistics.median(turns) if turns else 0.0,
        checklist_total=len(cases), checklist_exact=exact, failures=failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.intake", description="Intake dialogue evaluation")
    parser.add_argument("--personas", type=Path, default=PERSONAS)
    parser.add_argument("--profiles", type=Path, default=PROFILES)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run_intake_eval(args.personas, args.profiles)
    if args.json:
        print(result.model_dump_json(indent=2))
    else:
        print(f"personas:                 {result.personas}")
        print(f"field accuracy:           {result.field_accuracy:.2%} ({result.fields_correct}/{result.fields_total})")
        print(f"invalid values caught:    {result.invalid_caught}/{result.invalid_total}")
        print(f"valid values rejected:    {result.valid_rejected}")
        print(f"median turns (multi-fact): {result.median_turns_multi_fact}")
        print(f"checklist exact:          {result.checklist_exact}/{result.checklist_total}")
        for f in result.failures:
            print(f"FAIL {f.persona}:\n  " + "\n  ".join(f.problems))
        print("bars met" if result.meets_bars() else "bars NOT met")
    return 0 if result.meets_bars() else 1


if __name__ == "__main__":
    sys.exit(main())
