"""Classes of input the blind set fresh17 (evals: fresh7) showed the intake missing."""

from intake_data import TODAY

from bot.intake.dialogue import IntakeSession
from bot.intake.parse import parse
from bot.intake.state import IntakeState
from knowledge.fields import FIELD_IDS


def new_session() -> IntakeSession:
    session = IntakeSession(IntakeState(session_id="f7"), today=lambda: TODAY)
    session.opening()
    return session


# ---- a record printed by a script: a Python dict with Chinese keys, units in the keys, None for empty --------------

def test_a_python_dict_with_chinese_keys_is_read_by_its_keys():
    x = parse("从台账里导出的：{'企业名称': '山西恒泰机电设备有限公司', '法人': '乔国栋', '项目名称': '年产3000台矿用变频器项目', "
              "'占地_亩': 45, '总投资(万元)': 21000.0, '劳动定员': 160, '产品方案': None}", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "山西恒泰机电设备有限公司"
    assert x.values["legal_rep_name"] == "乔国栋"
    assert x.values["project_name"] == "年产3000台矿用变频器项目"
    assert round(x.values["land_area"], 2) == 30000.15
    assert x.values["total_investment"] == 21000 and x.values["employee_count"] == 160
    assert "main_products_capacity" not in x.values and not x.errors
