"""A pasted mail's header lines (发件人, 发送时间, 收件人…: its date is no date of the works) and the older mail a
reply quotes: a forwarded thread says its values in the newest mail on top, and the mail
it answers below, quoted ("> 总投资暂按2.5亿…") or after a header ("-----原始邮件-----", "在…，张三 写道：").
WeChat quotes the message answered the same way (「张三：联系人：王芳」 over a rule of dashes, then the reply).
Those are the values since replaced, so they are dropped before reading; a message that is nothing but quoted
text keeps it (the user pasted only the old mail, and it is all there is)."""

from __future__ import annotations

import re

from bot.intake.lexicon import WORDS, one_of

# A header carries the earlier mail's date ("在 2026年11月10日 09:15，…写道：") or is ruled off ("-----原始邮件-----"),
# unlike a sentence that happens to end in 写道.
_STAMPED = re.compile(r"\d|-{3,}")
_QUOTED_LINE = re.compile(r"^\s*[>＞]")
_MAIL_HEADER = re.compile(rf"^\s*(?:{one_of(WORDS['mail_header_labels'])})\s*[:：]", re.I)
_SENDER = re.compile(rf"^\s*(?:{one_of(WORDS['mail_sender_labels'])})\s*[:：]", re.I | re.M)
_HEADER = re.compile(rf"(?:{one_of(WORDS['quoted_reply_headers'])})\s*[-:：]*\s*$", re.I)


# WeChat's quote of an earlier message: 「sender：quoted text」, then a rule of spaced dashes, then the reply.
_WECHAT_QUOTE = re.compile(r"「[^」]*」[ \t]*\n[ \t]*(?:-[ \t]*){5,}(?:\n|$)")


def drop_quoted_history(text: str) -> str:
    replied = _WECHAT_QUOTE.sub("", text)  # the quoted message holds the value being replaced, the reply the new one
    if replied.strip():
        text = replied
    lines = text.split("\n")
    header = _SENDER.search(text) is not None
    keep: list[str] = []
    for line in lines:
        if _HEADER.search(line.strip()) and len(line.strip()) <= 80 and _STAMPED.search(line):
            break  # the rest is the mail answered
        if not _QUOTED_LINE.match(line) and not (header and _MAIL_HEADER.match(line)):
            keep.append(line)
    if len(keep) == len(lines) or not "".join(keep).strip():
        return text
    return "\n".join(keep).rstrip()
