"""Where a value said in a sentence ends: the sentence's full stop, a pasted list's separator or the next
figure are not part of it, whichever reader found the value."""

from __future__ import annotations

import re

from bot.intake.lexicon import WORDS, one_of

# The full stop of an English sentence after a Chinese value ("…有限公司.", "…6亿支."), a slash or comma left by a
# pasted list ("…18号/", "…办公楼、"): never the value's last character. After a Chinese character or a digit only,
# so that "Co., Ltd." keeps its stop.
TRAILING_SEPARATOR = re.compile(r"(?<=[\u4e00-\u9fa5\d）)])\s*[./,;、]+\s*$")

# A label's alternative after a slash, before the colon: "主要产品/能力：…", "联系人/经办人：…" (the value follows the colon).
LABEL_ALTERNATIVE = re.compile(r"^\s*/\s*[\u4e00-\u9fa5A-Za-z]{1,8}(?=\s*:)")

# A forwarded chat's header line, the speaker and the time ("王工 10:42", "刘总 9:12:05"): the next message begins,
# so a value on the line before never goes on past it.
CHAT_STAMP = re.compile(r"^\s*[\u4e00-\u9fa5A-Za-z·]{1,8}\s*(?:上午|下午|晚上)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*$")

# A label word qualifying a noun ("给排水的数据给您", "排水的情况如下"): it announces what is to come and says no value
# (的话 after a label is a filler before the value: "排水的话进园区污水厂").
ATTRIBUTIVE_LABEL = re.compile(r"^的(?!话)")

# A last clause of thanks (words/conversation.yaml courtesy): "，谢谢你啊", "，辛苦了师傅", "，麻烦您了".
_COURTESY = re.compile(
    r"[,;。!?\s]+(?:(?:" + one_of(WORDS["courtesy"]) + r")"
    r"(?:你们|您|你)?(?:了)?(?:" + one_of(WORDS["courtesy_addresses"])
    + r")?[啊呀哈啦哦喔嘞了~!.。\s]*)+$")

# Digits of a whole phone number: a mobile has 11, a landline 11 or 12 with its area code (0351-7654321,
# 010-12345678); 86 or +86 comes before either.
_WHOLE_PHONE = 11


def without_trailing_separator(text: str) -> str:
    return TRAILING_SEPARATOR.sub("", without_courtesy(text))


def without_courtesy(text: str) -> str:
    """A text value without the thanks said after it: the manners are the chat's, not the value's."""
    return _COURTESY.sub("", text)


def phone_groups(said: str) -> str:
    """A phone read up to its last digit group: a group typed after a space once the number is whole is the next
    thing said ("13903511234 1号楼", "0351 765 4321 8栋"), not a twelfth digit."""
    kept, digits = "", 0
    for group in re.findall(r"\s*\S+", said):
        if digits >= _WHOLE_PHONE and group[0].isspace():
            break
        kept += group
        digits = len(re.sub(r"^\+?86(?=1)|\D", "", kept))
    return kept
