"""A table of figures under a title declaring their unit, as a feasibility study's summary tables are pasted:
"投资估算汇总表（单位：千元）" over "三、固定资产投资合计（一+二）　419,000". Each bare figure ending a line below the title is
written with that unit until a blank line or another declaration; the title itself goes (投资 in it is no label here),
and so do the row references of a sum ("（一+二）"): their numerals are no figures. A unit in brackets between a label
and its colon ("土方挖填量（m³）：31500") is written after the figure too."""

from __future__ import annotations

import re
import unicodedata

from bot.intake.units import UNITS

# "（单位：千元）", "单位：万元" on a title line; the unit one of money's, since the summaries declaring one are of money.
_DECLARED = re.compile(r"单位\s*[:：]\s*(?P<unit>千元|万元|亿元|元)")
# A bare figure ending a row ("建设投资　412,600"); one with its own unit or magnitude is left as it is.
_BARE_END = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ \t]*$")
# The rows a sum adds up ("（一+二）", "(三+四)"), which name rows by their numerals.
_ROW_SUM = re.compile(r"[(（]\s*[一二三四五六七八九十]{1,3}(?:\s*[+＋]\s*[一二三四五六七八九十]{1,3})+\s*[)）]")


def read_unit_tables(text: str) -> str:
    text = units_after_figures(text)
    if _DECLARED.search(text) is None:
        return text
    out: list[str] = []
    unit = ""
    for line in text.split("\n"):
        if declared := _DECLARED.search(line):
            unit = declared["unit"]
            if not re.search(r"\d", line):
                continue  # the table's title ("投资估算汇总表"): its words name no field's value
        elif not line.strip():
            unit = ""
        elif unit:
            line = _BARE_END.sub(lambda m: m["num"] + unit, _ROW_SUM.sub("", line))
        out.append(line)
    return "\n".join(out)


# A unit in brackets between a label and its colon ("土方挖填量（m³）：31500", "年综合能耗（tce，当量值）：760"), perhaps with a
# remark after it: written after the bare figure that follows, where the figure readers look for it (the 3 of m³ is
# no figure).
_BRACKET_UNIT = re.compile(r"[(（](?P<unit>[^()（）,，、:：\n]{1,8}?)(?:[,，、][^()（）:：\n]{1,8})?[)）][ \t]*(?P<colon>[:：])[ \t]*"
                           r"(?P<num>\d[\d,]*(?:\.\d+)?)(?![\d.,]|[ \t]*[^\s\d,，;；。])")


def units_after_figures(text: str) -> str:
    def moved(m: re.Match[str]) -> str:
        unit = unicodedata.normalize("NFKC", m["unit"]).strip()
        known = unit.lower().lstrip("万亿千") in UNITS or unit.lower() in UNITS
        return f"{m['colon']}{m['num']}{unit}" if known else m[0]
    return _BRACKET_UNIT.sub(moved, text)
