"""What is said before a person's name and is not part of it: a relation ("我孙女，闫晓琳"), the speaker's own
organisation ("我公司综合管理部马文杰"), an English job title ("芯拓的PM邢薇"). The words are reviewed data
(words/conversation.yaml: relatives, own_organisation, latin_titles)."""

from __future__ import annotations

import re

from bot.intake.lexicon import WORDS, one_of


# The speaker's (or a named or just-mentioned person's) relative before a name ("我儿子", "俺爹", "武福生的儿子", "他儿子"),
# perhaps after the verb saying how the row is filled ("联系人写我儿子…").
_KIN = re.compile(r"(?:是|就是|" + one_of(WORDS["filling_verbs"]) + r")?"
                  r"(?:我们|俺们|咱们|我|俺|咱|他|她|[\u4e00-\u9fa5·]{2,4}的)(?:的|家)?(?:"
                  + one_of(WORDS["relatives"]) + r")[,:\s]*")
# "我公司", "本单位": the speaker's organisation, never the person ("联系人为我公司综合管理部马文杰同志").
OWN_ORGANISATION = re.compile(r"(?:" + one_of(WORDS["own_organisation"]) + r")的?")
# An English job title, with the firm before it ("芯拓的PM邢薇", "CEO 王磊"): the Han name comes after it.
_LATIN_TITLE = re.compile(r"(?:[\u4e00-\u9fa5]{1,12}的)?(?:" + one_of(WORDS["latin_titles"]) + r")(?![A-Za-z])\s*",
                          re.I)

# The firm or department the person is from, by a short name without its legal form, then 的 and a name that ends
# the clause: "我是铖锐汽车零部件的刘婧", "联系人是销售部的王强" (with the form, labelled.py's employer reading applies).
_FROM = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9]{2,16}?的(?=[\u4e00-\u9fa5·]{2,4}(?:$|[,;。!?\s]))")


def lead_before_name(text: str) -> int:
    """How many characters at the start of text say whose or what the person is, before their name (0: none)."""
    for lead in (_KIN, OWN_ORGANISATION, _LATIN_TITLE, _FROM):
        if (m := lead.match(text)) and m.end() < len(text):
            return m.end()
    return 0


def after_own_organisation(name: str) -> str:
    """An organisation's name found in prose, from after "我公司"/"本单位": "联系人为我公司" names no organisation
    (the words refer to one), "我公司山西…有限公司" names the one after them."""
    found = list(OWN_ORGANISATION.finditer(name))
    return name[found[-1].end():] if found else name
