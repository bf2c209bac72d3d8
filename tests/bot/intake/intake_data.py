"""Shared test data for the intake tests: a fixed clock, a complete valid project, a valid credit code, and a
session opened on that clock."""

from datetime import date
from typing import Any

from bot.intake.dialogue import IntakeSession
from bot.intake.fields import uscc_check_char
from bot.intake.state import IntakeState

TODAY = date(2026, 11, 1)


def new_session(**kwargs: Any) -> IntakeSession:
    """A session on the fixed clock, its opening message sent; `kwargs` go to IntakeSession (sink, side_answer…)."""
    session = IntakeSession(IntakeState(session_id="t1"), today=lambda: TODAY, **kwargs)
    session.opening()
    return session


def make_uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


USCC = make_uscc("91140100MA0K1234X")

MESSAGES = [
    f"我们是太原星河新材料有限公司，信用代码{USCC}，法人李四，公司地址太原市小店区长风街1号，联系人张三，电话13812345678",
    "项目名称年产10万吨玻璃纤维项目，新建，行业代码C3061，建设内容：新建熔制车间、拉丝车间、成品仓库及配套公用工程，"
    "总建筑面积5万平方米，主要产品玻璃纤维纱10万吨/年",
    "在阳曲园区，建设地点阳曲产业园区纬三路以东，宗地编号140100-2024-001，招拍挂，用地120亩",
    "总投资5.2亿元，固定资产4亿，2025年3月开工，2026年6月竣工，员工300人",
    "火灾危险性丙类，不涉及危化品，土石方3万方，年综合能耗8000吨标准煤，年用电量2000万千瓦时，自来水，排水去向市政管网",
]

VALUES = {
    "unit_name": "太原星河新材料有限公司", "uscc": USCC, "legal_rep_name": "李四", "unit_address": "太原市小店区长风街1号",
    "contact_name": "张三", "contact_phone": "13812345678", "project_name": "年产10万吨玻璃纤维项目",
    "construction_nature": "新建", "industry_code": "C3061", "site_park": "阳曲产业园区",
    "site_address": "阳曲产业园区纬三路以东", "land_parcel_no": "140100-2024-001", "land_supply_mode": "招拍挂出让",
    "land_area": 80000.4, "total_floor_area": 50000.0, "construction_content": "新建熔制车间、拉丝车间、成品仓库及配套公用工程",
    "main_products_capacity": "玻璃纤维纱10万吨/年", "total_investment": 52000.0, "fixed_asset_investment": 40000.0,
    "construction_period": {"start": "2025-03", "end": "2026-06"}, "employee_count": 300, "fire_hazard_class": "丙",
    "hazardous_chemicals": "无", "earthwork_volume": 30000.0, "annual_energy_tce": 8000.0, "annual_electricity": 2000.0,
    "water_source": "市政供水", "wastewater_destination": "市政管网",
}
