"""Corpus coverage: does every catalogue item have a guide with every section an enterprise looks for?"""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
from pydantic import BaseModel

from knowledge.catalogue import Catalogue

REQUIRED_SECTIONS = ("事项名称", "适用范围与申请条件", "设定依据", "申请材料", "办理流程", "办理时限",
                     "收费标准", "承诺制与代办服务", "常见问题")
_H2 = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)


class GuideCoverage(BaseModel):
    item_id: str
    item_name: str
    guide: str
    exists: bool
    sections: dict[str, bool]
    chars: int
    front_matter_item_id: str | None

    @property
    def complete(self) -> bool:
        return self.exists and all(self.sections.values()) and self.front_matter_item_id == self.item_id


def guide_coverage(catalogue: Catalogue, corpus_dir: Path) -> list[GuideCoverage]:
    rows = []
    for item in catalogue.items:
        path = corpus_dir / item.guide
        post = frontmatter.load(path) if path.exists() else None
        headings = set(_H2.findall(post.content)) if post else set()
        rows.append(GuideCoverage(
            item_id=item.id, item_name=item.name, guide=item.guide, exists=post is not None,
            sections={s: s in headings for s in REQUIRED_SECTIONS},
            chars=len(post.content) if post else 0,
            front_matter_item_id=post.get("item_id") if post else None))
    return rows


def render_table(rows: list[GuideCoverage]) -> str:
    """Markdown table, items x sections, with a total line."""
    head = "| 事项 | 指南 | " + " | ".join(REQUIRED_SECTIONS) + " | 字数 |"
    lines = [head, "|" + "---|" * (len(REQUIRED_SECTIONS) + 3)]
    for r in rows:
        marks = " | ".join("✓" if ok else "✗" for ok in r.sections.values())
        lines.append(f"| {r.item_name}（{r.item_id}） | {'✓' if r.exists else '缺失'} | {marks} | {r.chars} |")
    complete = sum(r.complete for r in rows)
    lines.append(f"\n完整：{complete}/{len(rows)} 个事项；总字数 {sum(r.chars for r in rows)}")
    return "\n".join(lines)
