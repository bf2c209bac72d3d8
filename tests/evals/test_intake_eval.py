import json

from evals.intake import PERSONAS, PROFILES, main, run_intake_eval


def test_intake_bars_are_met():
    result = run_intake_eval(PERSONAS, PROFILES)
    assert result.personas >= 25 and result.checklist_total >= 10
    assert result.field_accuracy >= 0.98
    assert result.invalid_caught == result.invalid_total > 0
    assert result.valid_rejected == 0
    assert result.median_turns_multi_fact <= 8
    assert result.checklist_exact == result.checklist_total
    assert result.failures == [], result.failures
    assert set(result.sets) == {"dev", "heldout", "fresh", "open", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6",
                                "fresh7", "fresh8", "fresh9", "fresh10", "fresh11", "fresh12"}
    assert result.implausible_stored == 0
    heldout = result.sets["heldout"]
    assert heldout.personas >= 30 and heldout.field_accuracy >= 0.98 and heldout.implausible_stored == 0
    fresh = result.sets["fresh"]
    assert fresh.personas >= 60 and fresh.field_accuracy >= 0.98 and fresh.implausible_stored == 0


def test_the_evaluation_notices_wrong_expectations(tmp_path):
    """A scoring that cannot fail proves nothing: break one persona and one profile on purpose."""
    personas = [json.loads(line) for line in PERSONAS.read_text(encoding="utf-8").splitlines()][:2]
    personas[0]["expected_fields"]["contact_name"] = "不是这个人"
    personas[1]["invalid_values"].append({"turn": 0, "field": "uscc"})  # a valid code "expected" to be refused
    profiles = [json.loads(PROFILES.read_text(encoding="utf-8").splitlines()[0])]
    profiles[0]["expected_items"].remove("project_filing")
    (tmp_path / "p.jsonl").write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in personas), encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps(profiles[0], ensure_ascii=False), encoding="utf-8")
    result = run_intake_eval(tmp_path / "p.jsonl", tmp_path / "c.jsonl")
    assert result.fields_correct == result.fields_total - 1
    assert result.invalid_caught == result.invalid_total - 1
    assert result.checklist_exact == 0 and not result.meets_bars()
    assert {f.persona for f in result.failures} == {personas[0]["id"], personas[1]["id"], profiles[0]["id"]}


def test_main_prints_the_figures(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "field accuracy:" in out and "bars met" in out
