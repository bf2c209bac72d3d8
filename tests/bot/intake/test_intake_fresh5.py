"""Classes of input the blind set fresh15 (evals: fresh5) showed the intake missing."""

import pytest
from intake_data import TODAY

from bot.intake.dialogue import IntakeSession
from bot.intake.parse import parse
from bot.intake.state import IntakeState
from knowledge.fields import FIELD_IDS


def new_session() -> IntakeSession:
    session = IntakeSession(IntakeState(session_id="f5"), today=lambda: TODAY)
    session.opening()
    return session


# ---- leads kept in a value: who wrote it, 名字叫, 叫个, and field names said the way people talk ----------------

@pytest.mark.parametrize("text, fid, value", [
    ("厂子名字叫太原恒岳机械制造有限公司，法人王德厚", "unit_name", "太原恒岳机械制造有限公司"),
    ("项目叫个年产2万吨铝型材深加工项目，新建", "project_name", "年产2万吨铝型材深加工项目"),
    ("项目名称是个性化家居定制生产基地项目", "project_name", "个性化家居定制生产基地项目"),
])
def test_a_spoken_lead_before_a_name_is_no_part_of_it(text, fid, value):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == value


@pytest.mark.parametrize("lead", ["王总口述、我整理的：", "可研报告上写的：", "设计院给的："])
def test_who_wrote_a_description_is_no_part_of_it(lead):
    x = parse(f"建设内容是{lead}新建铸造车间2栋、精加工车间1栋，配套成品库和办公楼。", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建铸造车间2栋、精加工车间1栋,配套成品库和办公楼"


def test_field_names_said_the_way_people_talk_are_labels():
    x = parse("盖的房子总共9200平米。\n建的东西：新建冲压车间1栋、装配车间1栋，配套仓库和门卫室，买冲床等设备40台。\n"
              "出的货：汽车支架件800万件/年", [], TODAY, FIELD_IDS)
    assert x.values["total_floor_area"] == 9200
    assert x.values["construction_content"] == "新建冲压车间1栋、装配车间1栋,配套仓库和门卫室,买冲床等设备40台"
    assert x.values["main_products_capacity"] == "汽车支架件800万件/年"
