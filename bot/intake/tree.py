"""A mind map or outline exported as a text tree (幕布, XMind, a `tree`-style listing): each node on its own line
after the lines drawing the tree ("├─ ", "│  └─ "), a branch naming a group ("单位", "项目") and its leaves
"名称：…", "电话：…" under it. Read line by line, the drawing and the groups are noise ("…800万平方米" then "土地"
runs on), and a leaf's short label means the group's field ("名称" under "项目" is the project's name). The tree is
rewritten as one "label:value" line per leaf, a leaf's label prefixed by its group's when the two make a known label
("项目" + "名称" = 项目名称); a leaf without a label under a leaf with a value is a remark on it, kept in brackets."""

from __future__ import annotations

import re

from bot.intake.lexicon import LABEL_OF

# The drawing before a node: box-drawing branches and rails, with the spaces between them.
_DRAWING = re.compile(r"^(?P<rails>[ \t│┃|]*(?:[├└┣┗╠╚+`]\s*[─━-]+|[─━]+)\s*)(?P<node>\S.*)$")
# A node holding a value: its label, a colon, the value.
_LEAF = re.compile(r"(?P<label>[^:：]{1,16})[:：]\s*(?P<value>.*)$")
# Fewer drawn nodes than this are no tree (a stray "└─" in prose).
_MIN_NODES = 2


def _label(groups: list[str], label: str) -> str:
    """The leaf's label, with the nearest group's name before it when that makes a known label."""
    for group in reversed(groups):
        if (group + label).lower() in LABEL_OF:
            return group + label
    return label


def read_tree(text: str) -> str:
    """The text with a drawn tree's leaves as "label:value" lines; unchanged when it holds no tree."""
    lines = text.split("\n")
    drawn = [_DRAWING.match(line) for line in lines]
    if sum(m is not None for m in drawn) < _MIN_NODES:
        return text
    out: list[str] = []
    path: list[tuple[int, str, int]] = []  # (depth, name, its line in out or -1 for a group) of the nodes above
    for line, m in zip(lines, drawn, strict=True):
        if m is None:
            out.append(line)
            continue
        depth, node = len(m["rails"]), m["node"].strip()
        path = [p for p in path if p[0] < depth]
        leaf = _LEAF.match(node)
        if leaf and leaf["value"].strip():
            name = leaf["label"].strip()
            out.append(f"{_label([g for _, g, _ in path], name)}:{leaf['value'].strip()}")
            path.append((depth, name, len(out) - 1))
        elif not leaf and path and path[-1][2] >= 0:
            out[path[-1][2]] += f"（{node}）"  # "└─ 其中新建热泵机房1800㎡" under 总建筑面积: a remark on its value
        else:
            path.append((depth, node.rstrip(":："), -1))
    return "\n".join(out)
