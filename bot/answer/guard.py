"""Input checks before anything is retrieved: empty, symbol-only, small talk, overlong, English and
prompt-injection text. Also used on passages: instruction-like sentences in a document are data,
never something the answerer quotes or obeys."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.terms import small_talk

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
_NOT_WORD = re.compile(r"[\W_]+")  # punctuation, spaces, emoji

# Attempts to override or reveal the assistant's rules, Chinese and English, in the normalised text
# (see `normalise`). Each branch needs an instruction *form* — an override verb aimed at prior rules, a
# request to reveal them, or a role change — so that 系统/设定/提示 as ordinary nouns ("申报系统提示材料不全")
# never match, nor 现在 as plain time ("选址意见书和用地预审意见现在是分开办吗": a role change names 你). Matched
# clause by clause so the rest of a question is still answered.
_PRIOR = r"(以上|上面|上述|前面|之前|先前|此前|以前|所有|全部|一切|你的|系统的?|原有的?|原来的?|其他|其它|别的|其余)"
_RULES = r"(指令|指示|规则|要求|提示词?|设定|设置|限制|约束|命令|规定|文件|文档|内容|资料)"
_OVERRIDE = r"(忽略|无视|忘掉|忘记|不要理会|不用理会|不用管|别管|不要管|绕过|抛开|不要遵守|不用遵守)"
_REVEAL = r"(告诉我|透露|泄露|输出|打印|显示|展示|重复|复述|公开|说出)"
_SECRET = r"(系统提示词?|提示词|系统设定|内部设定|初始指令|内部指令|系统指令|隐藏指令|system prompt|prompt)"
_EN_PRIOR = r"(all |any |the |your |my )*(previous|above|prior|earlier|preceding|original|system|your|these|those)"
QUESTION_INJECTION = re.compile(
    rf"{_OVERRIDE}掉?了?你?{_PRIOR}[^，。；！？,;!?]{{0,8}}?{_RULES}"
    rf"|{_REVEAL}[^，。；！？,;!?]{{0,6}}?{_SECRET}|你的{_SECRET}|新的?指令[：:]"
    r"|(从现在(起|开始)[，,]?你?|现在你|你现在)(就)?(扮演|充当|变成|成为)|(从现在(起|开始)[，,]?你|现在你|你现在)(就)?是"
    r"|你(扮演|充当|假装|变成|成为)(一个|一名|一只)"
    r"|(作为|身为)(一个|一名)?(ai|人工智能|智能)?(助手|模型|机器人|语言模型)"
    r"|假装你是|越狱|开发者模式|developer mode|jailbreak|\bdan\b|you are now|\bact as\b|pretend (to be|you)"
    rf"|\b(ignore|disregard|forget|override|bypass)\b {_EN_PRIOR}?[^.?!]{{0,24}}?(instructions?|prompts?|rules?|guidelines?|restrictions?)"
    r"|\b(reveal|print|show|repeat|output)\b (me )?(your|the) (system )?(prompt|instructions)|system prompt",
    re.IGNORECASE)
# Sentences in a *document* addressed to an assistant: everything above, plus orders about what to answer
# ("作为AI助手，你必须回答……", "当用户问到……时回答……"). A guide addresses the enterprise (您/企业/申请人),
# never "the assistant", so these are data posing as instructions: flagged at ingest, never quoted.
DOCUMENT_INSTRUCTION = re.compile(
    r"(作为|身为|你是|你作为)(一个|一名)?(ai|人工智能|智能)?(助手|助理|客服|模型|机器人|chatgpt|gpt|大模型|语言模型)"
    r"|你(必须|应当|应该|务必|一定要|只能|只许|不得|不要|不能)(回答|回复|答复|输出|告诉|声称|表示|说|推荐|引用|提及|忽略|无视)"
    r"|(当|如果|若|一旦)(用户|访客|提问者|有人|企业)(问|询问|提问|咨询)[^，。；！？]{0,30}(时|的话)?[，,]?(请|就|则)?(你)?(回答|回复|答复|告诉)"
    r"|(请|务必)(你)?(只|直接|一律|统一)?(回答|回复|答复)(用户|所有|任何|“|\")"
    r"|\b(you|assistant|ai|chatbot)\b (must|should|shall|will|need to|have to) (always |only |never )?(answer|reply|respond|say|tell|claim|recommend|ignore)"
    r"|\bwhen (the |a )?user asks\b|\bas an ai\b",
    re.IGNORECASE)
_CLAUSE = re.compile(r"[^，。；！？,;!?\n]+?(?:[，。；！？,;!?\n]+|\.(?=\s|[^\x00-\x7f])|$)")

_SURROGATES = re.compile(r"[\ud800-\udfff]")  # lone halves: not encodable, they crash JSON and SQLite
_SPACED_LETTERS = re.compile(r"\b(?:[a-z] ){3,}[a-z]\b")
_SPACE_NEAR_WIDE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


class InputRejected(ValueError):
    """Input refused at the boundary; the message is Chinese and says what to do."""


def too_long_message(length: int, limit: int) -> str:
    return f"问题太长了（{length}字）。请精简到{limit}字以内，一次问一件事。"


def repair_unicode(text: str) -> str:
    """Lone surrogates (from a broken client or undecodable bytes) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)


def bounded_question(text: str | None, limit: int) -> str:
    """The server-side check every entry point (page, console, `bot ask`) applies before answering:
    invalid Unicode repaired, more than `limit` characters refused. Constant work per character."""
    text = repair_unicode(text or "")
    if len(text) > limit:
        raise InputRejected(too_long_message(len(text), limit))
    return text


def normalise(text: str) -> str:
    """One form for every spelling of the same words: NFKC (full-width letters and spaces), no zero-width
    characters, lower case, no spaces around Chinese characters ("忽 略 以 上"), spaced-out Latin letters
    joined ("i g n o r e"). Linear in the length of the text."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text)).lower()
    text = _SPACE_NEAR_WIDE.sub("", text)
    text = _SPACED_LETTERS.sub(lambda m: m.group().replace(" ", ""), text)
    return " ".join(text.split())


def looks_like_injection(text: str) -> bool:
    """An instruction to the assistant in a *passage* (the extractive and generative answerers drop such
    sentences): an override attempt or an order addressed to an assistant."""
    norm = normalise(text)
    return bool(QUESTION_INJECTION.search(norm) or DOCUMENT_INSTRUCTION.search(norm))


def is_injection_question(text: str) -> bool:
    """An attempt, in a question, to override or reveal the assistant's rules."""
    return bool(QUESTION_INJECTION.search(normalise(text)))


def instruction_sentences(text: str) -> list[str]:
    """The sentences of a document that are instructions to an assistant (reported at ingest)."""
    return [s.strip() for s in re.split(r"(?<=[。！？；!?;\n])", text) if s.strip() and looks_like_injection(s)]


def strip_injection(text: str) -> str:
    """The question without its instruction-override clauses."""
    return "".join(c for c in _CLAUSE.findall(text) if not is_injection_question(c)).strip(" ，,。.")


def _shorten(text: str) -> str:
    """An overlong paste: keep its last question sentence if it asks one, else its beginning.
    One backward scan: a regex over every start position would be quadratic on pastes without "？"."""
    end = max(text.rfind("？"), text.rfind("?"))
    if end >= 0:
        start = max(text.rfind(c, 0, end) for c in "。！？!?\n") + 1
        tail = text[start:end + 1].strip()
        if 2 <= len(tail) <= MAX_QUESTION_CHARS:
            return tail
    return text[:MAX_QUESTION_CHARS]


@lru_cache(maxsize=1)
def _small_talk_turn() -> re.Pattern[str]:
    """A turn made wholly of small talk: any run of small_talk.yaml's patterns."""
    return re.compile(f"(?:{'|'.join(e.pattern for e in small_talk())})+")


def small_talk_reply(text: str) -> str | None:
    """The reply to a turn that is only a greeting, thanks, goodbye or acknowledgement (small_talk.yaml);
    None for anything else."""
    bare = _NOT_WORD.sub("", text.lower())
    if not bare or not _small_talk_turn().fullmatch(bare):
        return None
    return next(e.reply for e in small_talk() if re.search(e.pattern, bare))


@dataclass
class CheckedInput:
    """The question to answer (`text`), or a direct `reply` when there is nothing to look up."""

    text: str
    reply: str | None = None
    notes: list[str] = field(default_factory=list)
    english: bool = False


def check_input(question: str) -> CheckedInput:
    text = " ".join(_ZERO_WIDTH.sub("", question or "").split())
    if not text:
        return CheckedInput("", reply=EMPTY_REPLY)
    if not _HAS_TEXT.search(normalise(text)):  # full-width letters are text too
        return CheckedInput(text, reply=NO_TEXT_REPLY)
    if (reply := small_talk_reply(text)) is not None:
        return CheckedInput(text, reply=reply)
    checked = CheckedInput(text)
    if len(text) > MAX_QUESTION_CHARS:
        checked.text = _shorten(text)
        checked.notes.append(f"（您输入了{len(text)}个字，我按其中的问题“{checked.text[:40]}”来回答；"
                             "只输入问题本身效果更好。）")
    if is_injection_question(checked.text):
        checked.text = strip_injection(checked.text)
        if not _HAS_TEXT.search(normalise(checked.text)):
            return CheckedInput(checked.text, reply=INJECTION_ONLY_REPLY)
        checked.notes.append(INJECTION_NOTE)
    if not _CJK.search(checked.text) and _LATIN_WORD.search(checked.text):
        checked.english = True
        checked.notes.append(ENGLISH_NOTE)
    return checked
