"""Classes of input the blind set fresh19 (evals: fresh9) showed the intake missing."""

import time

from intake_data import TODAY, new_session

from bot.intake.parse import parse
from bot.intake.table import read_table
from knowledge.fields import FIELD_IDS


# ---- a CSV exported with ";" between cells: a header row over versions, a later row's filled cells win ------------

def test_a_semicolon_csv_header_over_two_versions_reads_the_newer_cells():
    session = new_session()
    session.handle("台账导出的CSV，分号分隔：\n版本;单位名称;法定代表人;联系电话;用地面积(亩);总投资(万元);劳动定员(人)\n"
                   "旧;太原鼎盛机电有限公司;赵明远;0351-7012345;60;18000;150\n"
                   "新;;;13935112468;;19500;")
    values = session.state.values
    assert values["unit_name"] == "太原鼎盛机电有限公司"
    assert values["legal_rep_name"] == "赵明远"
    assert values["contact_phone"] == "13935112468"
    assert values["land_area"] == 40000.2
    assert values["total_investment"] == 19500
    assert values["employee_count"] == 150


def test_semicolon_label_value_lines_with_a_quoted_cell():
    x = parse('字段;内容\n建设规模及内容;"新建铸造车间1栋、机加车间1栋、成品库及综合楼、购置中频炉、造型线等设备60台（套）"\n'
              '主要产品及年产能;"球墨铸件2万吨/年"', [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建铸造车间1栋、机加车间1栋、成品库及综合楼、购置中频炉、造型线等设备60台（套）"
    assert x.values["main_products_capacity"] == "球墨铸件2万吨/年"


def test_a_long_paste_of_semicolon_lines_is_read_quickly():
    started = time.perf_counter()
    assert read_table("甲;乙;丙;丁\n" * 2500).count("\n") == 2500
    assert time.perf_counter() - started < 1

