import json

import pytest

from bot.intake.state import SessionStore
from ui.feedback import FeedbackStore, Verdict


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore(SessionStore(tmp_path / "state.sqlite3"))


def test_marks_survive_reopening(tmp_path, store: FeedbackStore) -> None:
    fid = store.add(question="节能审查要多久？", answer="20个工作日[1]", refused=False, verdict=Verdict.RIGHT,
                    note="对", sources=["guides/energy_review.md"], key_facts=["20个工作日"])
    again = FeedbackStore(SessionStore(tmp_path / "state.sqlite3")).all()
    assert [f.id for f in again] == [fid]
    assert again[0].sources == ["guides/energy_review.md"] and again[0].verdict is Verdict.RIGHT


def test_export_matches_evals_dataset_format(store: FeedbackStore) -> None:
    right = store.add(question="节能审查要多久？", answer="20个工作日[1]", refused=False, verdict=Verdict.RIGHT,
                      sources=["guides/energy_review.md"], key_facts=["20个工作日"])
    refuse = store.add(question="明天天气怎么样？", answer="天气晴", refused=False, verdict=Verdict.SHOULD_REFUSE,
                       note="与园区办事无关")
    wrong_fixed = store.add(question="施工许可几天办完？", answer="（拒答）", refused=True, verdict=Verdict.WRONG,
                            sources=["guides/construction_permit.md"], key_facts=["7日"])
    wrong_unknown = store.add(question="某问题", answer="某回答", refused=False, verdict=Verdict.WRONG, note="不对")
    result = store.export()
    assert result.rows == [
        {"id": f"console-{right:04d}", "question": "节能审查要多久？", "sources": ["guides/energy_review.md"],
         "key_facts": ["20个工作日"]},
        {"id": f"console-{refuse:04d}", "question": "明天天气怎么样？", "reason": "与园区办事无关"},
        {"id": f"console-{wrong_fixed:04d}", "question": "施工许可几天办完？",
         "sources": ["guides/construction_permit.md"], "key_facts": ["7日"]},
    ]
    assert result.skipped == [wrong_unknown]
    lines = result.jsonl().splitlines()
    assert [json.loads(line) for line in lines] == result.rows
    assert "节能审查" in lines[0]  # UTF-8, not \\u escapes, like the hand-written datasets


def test_empty_question_rejected(store: FeedbackStore) -> None:
    with pytest.raises(ValueError):
        store.add(question="  ", answer="", refused=True, verdict=Verdict.RIGHT)
