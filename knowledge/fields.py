"""The 28 base fields of 要素化智能申报: ids (a contract), Chinese labels and dialogue groups.

Validation lives with the intake model in `bot`; this is the shared vocabulary the catalogue uses.
"""

from typing import NamedTuple


class FieldInfo(NamedTuple):
    id: str
    label: str
    group: str
    unit: str = ""


GROUPS = ("企业信息", "项目信息", "用地信息", "投资与建设期", "能耗与环境")

BASE_FIELDS: tuple[FieldInfo, ...] = (
    FieldInfo("unit_name", "建设单位名称", "企业信息"),
    FieldInfo("uscc", "统一社会信用代码", "企业信息"),
    FieldInfo("legal_rep_name", "法定代表人", "企业信息"),
    FieldInfo("unit_address", "单位地址", "企业信息"),
    FieldInfo("contact_name", "联系人", "企业信息"),
    FieldInfo("contact_phone", "联系电话", "企业信息"),
    FieldInfo("project_name", "项目名称", "项目信息"),
    FieldInfo("construction_nature", "建设性质", "项目信息"),
    FieldInfo("industry_code", "国民经济行业代码", "项目信息"),
    FieldInfo("site_park", "所在园区", "用地信息"),
    FieldInfo("site_address", "建设地点", "用地信息"),
    FieldInfo("land_parcel_no", "宗地编号或不动产权证号", "用地信息"),
    FieldInfo("land_supply_mode", "供地方式", "用地信息"),
    FieldInfo("land_area", "用地面积", "用地信息", "平方米"),
    FieldInfo("total_floor_area", "总建筑面积", "项目信息", "平方米"),
    FieldInfo("construction_content", "建设规模及内容", "项目信息"),
    FieldInfo("main_products_capacity", "主要产品及年产能", "项目信息"),
    FieldInfo("total_investment", "总投资", "投资与建设期", "万元"),
    FieldInfo("fixed_asset_investment", "固定资产投资", "投资与建设期", "万元"),
    FieldInfo("construction_period", "计划建设期", "投资与建设期"),
    FieldInfo("employee_count", "劳动定员", "投资与建设期", "人"),
    FieldInfo("fire_hazard_class", "火灾危险性类别", "能耗与环境"),
    FieldInfo("hazardous_chemicals", "危险化学品情况", "能耗与环境"),
    FieldInfo("earthwork_volume", "挖填土石方总量", "能耗与环境", "立方米"),
    FieldInfo("annual_energy_tce", "年综合能源消费量", "能耗与环境", "吨标准煤"),
    FieldInfo("annual_electricity", "年用电量", "能耗与环境", "万千瓦时"),
    FieldInfo("water_source", "供水方式", "能耗与环境"),
    FieldInfo("wastewater_destination", "排水去向", "能耗与环境"),
)

FIELD_IDS: tuple[str, ...] = tuple(f.id for f in BASE_FIELDS)
FIELDS_BY_ID: dict[str, FieldInfo] = {f.id: f for f in BASE_FIELDS}
