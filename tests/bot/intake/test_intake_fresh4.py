"""Classes of input the blind set fresh14 (evals: fresh4) showed the intake missing."""

import pytest
from intake_data import TODAY

from bot.intake.dialogue import IntakeSession
from bot.intake.parse import parse
from bot.intake.state import IntakeState
from knowledge.fields import FIELD_IDS


def new_session() -> IntakeSession:
    session = IntakeSession(IntakeState(session_id="f4"), today=lambda: TODAY)
    session.opening()
    return session


# ---- chat shorthand: k for thousand, like w for 万 ----------------------------------------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("能耗1.1k吨标煤", "annual_energy_tce", 1100),
    ("年综合能耗2k吨标准煤", "annual_energy_tce", 2000),
    ("土方3.5K方", "earthwork_volume", 3500),
    ("建面8k平", "total_floor_area", 8000),
])
def test_k_after_a_figure_is_thousand(text, fid, value):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == pytest.approx(value)


@pytest.mark.parametrize("text", ["功率5kW的电机", "每袋25kg"])
def test_k_before_another_latin_unit_is_no_thousand(text):
    from bot.intake.units import quantities
    assert all(q.value < 1000 for q in quantities(text))
