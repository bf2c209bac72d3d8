"""Classes of input the blind set fresh16 (evals: fresh6) showed the intake missing."""

import pytest
from intake_data import TODAY

from bot.intake.dialogue import IntakeSession
from bot.intake.parse import parse
from bot.intake.state import IntakeState
from knowledge.fields import FIELD_IDS


def new_session() -> IntakeSession:
    session = IntakeSession(IntakeState(session_id="f6"), today=lambda: TODAY)
    session.opening()
    return session


# ---- a Markdown table: "| 项目 | 值 |" rows under a "|---|" rule, headers with a qualifier or 其中 ----------------

def test_a_markdown_table_of_label_and_value_rows_is_read():
    x = parse("表格如下：\n| 字段 | 内容 |\n|:---|---:|\n| 建设单位 | 晋中华拓化工机械有限公司 |\n"
              "| 项目名称 | 年产5000台换热器生产线项目 |\n| 单位地址 | 山西省晋中市榆次区迎宾街88号 |\n"
              "| 总投资（万元） | 18,600 |\n| 其中：固定资产投资（万元） | 15,200 |\n| 土石方开挖总量（m³） | 12,800 |",
              [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "晋中华拓化工机械有限公司"
    assert x.values["project_name"] == "年产5000台换热器生产线项目"
    assert x.values["unit_address"] == "山西省晋中市榆次区迎宾街88号"
    assert x.values["total_investment"] == 18600 and x.values["fixed_asset_investment"] == 15200
    assert x.values["earthwork_volume"] == 12800
    assert not x.errors


def test_a_markdown_table_with_labels_over_values_is_read():
    x = parse("| 建设单位 | 法定代表人 |\n|---|---|\n| 晋中华拓化工机械有限公司 | 武志刚 |", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "晋中华拓化工机械有限公司" and x.values["legal_rep_name"] == "武志刚"
