"""Input checks before anything is retrieved: empty, symbol-only, overlong, English, and
prompt-injection text. Also used on passages: instruction-like sentences in a document are data,
never something the answerer quotes or obeys."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUESTION_CHARS = 200
EXAMPLES = "例如“节能审查要多久？”“施工许可证需要什么材料？”“我们要建厂，需要办哪些手续？”"

EMPTY_REPLY = f"请输入您想咨询的问题，{EXAMPLES}"
NO_TEXT_REPLY = f"没有看懂您的问题，请用文字描述您想办理的事项或遇到的情况，{EXAMPLES}"
INJECTION_ONLY_REPLY = ("我只能依据示范区知识库中的办事指南和政策文件回答企业办事问题，不能更改这些规则，也不能透露内部设置。"
                        f"请直接提出您的办事问题，{EXAMPLES}")
INJECTION_NOTE = "（您的问题中要求改变回答规则的部分已忽略，以下只依据知识库回答。）"
ENGLISH_NOTE = "（知识库资料为中文，以下用中文回答。Sources are in Chinese.）"
ENGLISH_REFUSAL = "目前只支持用中文提问，请用中文描述您的问题。Please ask in Chinese."

_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_HAS_TEXT = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Attempts to override the assistant's rules, Chinese and English. Matched clause by clause so the
# rest of a question ("忽略以上指令，节能审查要多久") is still answered.
INJECTION = re.compile(
    r"(忽略|无视|忘掉|忘记|不要理会|不用管|绕过)掉?你?(以上|上面|上述|前面|之前|先前|此前|所有|全部|一切|你的|系统的?)"
    r"[^，。；！？,.;!?]{0,8}(指令|指示|规则|要求|提示|设定|限制|约束|命令)"
    r"|(忽略|无视|绕过)[^，。；！？,.;!?]{0,6}(指令|指示|提示词|系统设定)"
    r"|(系统|内部)(提示词?|指令|设定)|提示词|system prompt"
    r"|你(现在|从现在起)?(是|扮演|充当|变成)(一个|一名|一只)?[^，。；！？]{0,10}(助手|ai|模型|机器人|角色|黑客|猫|狗)"
    r"|越狱|开发者模式|developer mode|jailbreak|you are now|act as|disregard"
    r"|ignore (all |any )?(the )?(previous|above|prior|earlier)[^.?!]{0,20}(instructions?|prompts?|rules?)",
    re.IGNORECASE)
_CLAUSE = re.compile(r"[^，。；！？,;!?\n]+[，。；！？,;!?\n]*")


@dataclass
class CheckedInput:
    """The question to answer (`text`), or a direct `reply` when there is nothing to look up."""

    text: str
    reply: str | None = None
    notes: list[str] = field(default_factory=list)
    english: bool = False


def looks_like_injection(text: str) -> bool:
    return bool(INJECTION.search(text))


def strip_injection(text: str) -> str:
    """The question without its instruction-override clauses."""
    return "".join(c for c in _CLAUSE.findall(text) if not looks_like_injection(c)).strip(" ，,。.")


def _shorten(text: str) -> str:
    """An overlong paste: keep its last question sentence if it asks one, else its beginning."""
    questions = re.findall(r"[^。！？!?\n]*[？?]", text)
    tail = questions[-1].strip() if questions else ""
    if 2 <= len(tail) <= MAX_QUESTION_CHARS:
        return tail
    return text[:MAX_QUESTION_CHARS]


def check_input(question: str) -> CheckedInput:
    text = " ".join(_ZERO_WIDTH.sub("", question or "").split())
    if not text:
        return CheckedInput("", reply=EMPTY_REPLY)
    if not _HAS_TEXT.search(text):
        return CheckedInput(text, reply=NO_TEXT_REPLY)
    checked = CheckedInput(text)
    if len(text) > MAX_QUESTION_CHARS:
        checked.text = _shorten(text)
        checked.notes.append(f"（您输入了{len(text)}个字，我按其中的问题“{checked.text[:40]}”来回答；"
                             "只输入问题本身效果更好。）")
    if looks_like_injection(checked.text):
        checked.text = strip_injection(checked.text)
        if not _HAS_TEXT.search(checked.text):
            return CheckedInput(checked.text, reply=INJECTION_ONLY_REPLY)
        checked.notes.append(INJECTION_NOTE)
    if not _CJK.search(checked.text) and _LATIN_WORD.search(checked.text):
        checked.english = True
        checked.notes.append(ENGLISH_NOTE)
    return checked
