"""The guided intake dialogue: asks for the 28 fields group by group, re-asks invalid values with the
reason, takes corrections, skips and side questions at any time, and hands off after confirmation.

State lives in an IntakeState saved after every turn, so a crashed process resumes where it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.intake.checklist import render_markdown
from bot.intake.choices import ask_pick, picked, picked_values
from bot.intake.cuts import cut_tail, join_cut
from bot.intake.extraction import Extraction
from bot.intake.fields import HINTS, check_value, display, label
from bot.intake.handoff import HandoffPayload, HandoffRecord, Sink, build_payload
from bot.intake.llm import Extractor
from bot.intake.parse import confirms_restating, correct_last, intent, parse, read_value
from bot.intake.plausible import NAMES, implausible, strip_title
from bot.intake.patches import patched
from bot.intake.respelled import respelled
from bot.intake.site import in_park
from bot.intake.state import IntakeState, Turn, short_id
from bot.intake.swaps import swapped_values
from bot.intake.units import add_months
from bot.intake.unread import unread_labels
from knowledge.catalogue import Catalogue
from knowledge.fields import BASE_FIELDS, FIELD_IDS, FIELDS_BY_ID, GROUPS

if TYPE_CHECKING:
    from bot.state import StateStore

log = logging.getLogger(__name__)

SideAnswer = Callable[[str], str]


@dataclass
class TurnResult:
    """What the last user message did, for UIs (highlight invalid fields) and evaluations."""

    changed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
NO_ANSWER = "问答服务暂不可用，这个问题稍后可以再问。"
PAST_MONTHS = 24  # a planned start this long ago is probably a typo (2025 for 2027): asked back, still stored


class IntakeSession:
    def __init__(self, state: IntakeState, store: StateStore | None = None,
                 side_answer: SideAnswer | None = None, sink: Sink | None = None,
                 today: Callable[[], date] = date.today, catalogue: Catalogue | None = None,
                 extractor: Extractor | None = None) -> None:
        self.state, self.store, self.side_answer, self.sink = state, store, side_answer, sink
        self.today, self.catalogue, self.extractor = today, catalogue, extractor
        self.last = self.previous = TurnResult()
        self.notes: list[str] = []  # asks that are not errors: a start long past

    @classmethod
    def open(cls, session_id: str | None = None, store: StateStore | None = None,
             **kwargs: Any) -> IntakeSession:
        """Resume the stored session with this id, or start a new one (with this id if given)."""
        state = store.load(session_id) if store and session_id else None
        if state is None:
            state = IntakeState(session_id=session_id) if session_id else IntakeState()
        return cls(state, store, **kwargs)

    # ---- what a UI reads ---------------------------------------------------------------------

    @property
    def session_id(self) -> str:
        return self.state.session_id

    @property
    def stage(self) -> str:
        return self.state.stage

    @property
    def progress(self) -> tuple[int, int]:
        return len(self.state.values), len(FIELD_IDS)

    @property
    def payload(self) -> HandoffPayload | None:
        return HandoffPayload.model_validate(self.state.payload) if self.state.payload else None

    def missing(self) -> list[str]:
        return [f for f in FIELD_IDS if f not in self.state.values]

    def fields_table(self) -> list[dict[str, Any]]:
        s = self.state
        return [{"id": f.id, "label": f.label, "group": f.group, "value": s.values.get(f.id),
                 "display": display(f.id, s.values.get(f.id)) if f.id in s.values else "",
                 "status": "已填" if f.id in s.values else ("跳过" if f.id in s.skipped + s.deferred else "未填")}
                for f in BASE_FIELDS]

    # ---- turns -------------------------------------------------------------------------------

    def opening(self) -> str:
        """The first assistant message: a greeting for a new session, a welcome back on resume."""
        if self.state.transcript:
            done, total = self.progress
            text = f"欢迎回来，已为您保留之前填写的信息（已填 {done}/{total} 项）。\n\n{self._prompt({})}"
        else:
            text = ("您好！我来帮您填写项目的28项基本信息，填一次即可生成各审批事项的申请表和您的办理清单。"
                    "可以一次说好几项，随时可以修改（如“联系人改成王五”）、跳过（“先跳过”）或提问。\n\n"
                    + self._prompt({}))
        return self._say(text)

    def handle(self, message: str) -> str:
        self.previous, self.last, self.notes = self.last, TurnResult(), []
        self.state.transcript.append(Turn(role="user", content=message))
        self.state.user_turns += 1
        return self._say(self._reply(message))

    def correct(self, field_id: str, text: str) -> str | None:
        """Set one field from a form edit (text as the user would type it); the Chinese error, or None."""
        if self.state.stage in ("confirmed", "cancelled"):
            return "本次填报已结束，不能再修改。"
        x = parse(text, [field_id], self.today())
        if field_id == "construction_period":
            errors = self._apply_period(x.period)
            error = errors.get(field_id) or (None if field_id in self.state.values else "请写明开工和竣工年月或工期")
        elif field_id in x.values:
            error = self._apply_value(field_id, x.values[field_id])[1]
        else:
            error = x.errors.get(field_id) or f"没能识别出{label(field_id)}，{HINTS[field_id]}"
        if self.state.stage == "confirming" and field_id not in self.state.values:
            self.state.stage = "collecting"
        self._save()
        return error

    def confirm(self) -> str:
        return self.handle("确认")

    # ---- internals ---------------------------------------------------------------------------

    def _say(self, text: str) -> str:
        self.state.transcript.append(Turn(role="assistant", content=text))
        self._save()
        return text

    def _save(self) -> None:
        if self.store:
            self.store.save(self.state)

    def _reply(self, message: str) -> str:
        s = self.state
        if s.stage == "cancelled":
            return "本次填报已取消。如需重新填写，请新建一次填报。"
        if s.stage in ("collecting", "confirming"):  # a value sent in two halves is read whole
            message, s.cut = join_cut(s.cut, message), ""
            if cut := cut_tail(message):
                message, s.cut = cut
                held = f"“{_short(s.cut, 20)}”好像还没说完，请接着发。"
                return f"{self._reply_to(message)}\n\n{held}" if message.strip() else held
        return self._reply_to(message)

    def _reply_to(self, message: str) -> str:
        s = self.state
        kind = intent(message)
        x = parse(message, s.expecting, self.today(), self._open(), s.source_rules)
        if s.stage == "confirmed":
            answers = [self._answer(q) for q in x.questions]
            return "\n\n".join(answers) if answers else "您的信息已确认提交。如需修改，请联系示范区政务服务中心。"
        if kind == "cancel":
            s.stage, s.expecting = "cancelled", []
            log.info("intake session %s cancelled at turn %d", short_id(s.session_id), s.user_turns)
            return "好的，已取消本次填报，填写的信息不会提交。如需重新开始，请新建一次填报。"
        if self.extractor and kind is None:
            self._llm_recall(self.extractor, message, x)
        if s.choices and (n := picked(message, max(map(len, s.choices.values())))) is not None:
            self._pick(n, x)
        if x.correction and not x.found() and not x.reask and len(self.previous.changed) == 1:
            self._correct_previous(self.previous.changed[0], message, x)
        said = x.found()  # before _apply drops a weak value that restates a stored one ("危险化学品那栏填“使用”…")
        changed, errors = self._apply(x)
        if x.conflicts:  # kept, with the message, until the user picks one ("以项目二为准")
            s.choices, s.choice_text = {fid: list(pair) for fid, pair in x.conflicts.items()}, message
        elif s.choices and all(fid in s.values for fid in s.choices):  # given one by one since: nothing to pick
            s.choices, s.choice_text = {}, ""
        skipped = self._skip(x)
        self.last = TurnResult([f for f, _, _ in changed], errors, skipped, x.questions)
        log.info("intake session %s turn %d: %d accepted, %d invalid, %d skipped, %d questions",
                 short_id(s.session_id), s.user_turns, len(changed), len(errors), len(skipped), len(x.questions))
        if s.stage == "confirming" and not (changed or errors or skipped) and (
                kind == "confirm" or kind is None and said and not x.questions and confirms_restating(message)):
            answers = [self._answer(q) for q in x.questions]  # "确认提交。提交后多久出结果？": both
            return "\n\n".join([*answers, self._confirm()])  # values said again as they are count as confirming
        parts = self._report(x, changed, errors, skipped)
        if kind == "confirm" and s.stage == "collecting":
            parts.append(f"还有 {len(self._open())} 项没有填写，填完后再确认。")
        if not parts and not x.found() and s.stage == "collecting":  # "用地面积：很大": the field named, how to write it
            parts += [f"没能读懂{label(f)}“{text}”，请重新填写（{HINTS[f]}）"
                      for f, text in unread_labels(message, x).items()] or ["抱歉，没能从这句话里识别出需要的信息。"]
        elif not parts and not x.found():
            parts.append("请回复“确认”提交，或直接说要修改的内容（如“联系人改成王五”）。")
        if s.stage == "confirming" and not (changed or errors or skipped):
            if x.questions:
                parts.append("核对无误请回复“确认”；需要修改请直接说。")
            return "\n\n".join(parts)
        parts.append(self._prompt(errors))
        return "\n\n".join(parts)

    def _apply(self, x: Extraction) -> tuple[list[tuple[str, Any, Any]], dict[str, str]]:
        for fid, value in patched(self.state.values, x.patches).items():
            x.errors.pop(fid, None)  # "电话最后两位是35": the stored value patched, not the fragment read as one
            x.conflicts.pop(fid, None)
            if value is None:
                x.values.pop(fid, None)
                x.errors[fid] = f"没能把这处改动对上已填的{label(fid)}，请直接告诉我改好后的完整{label(fid)}"
            else:
                x.values[fid] = value
        self.state.source_rules.update(x.rules)
        for fid, source in x.sources.items():
            if self.state.source_rules.get(fid, source) != source:  # "劳动定员以A为准": B's figure is not taken
                x.values.pop(fid, None)
                x.conflicts.pop(fid, None)
        changed, errors = [], dict(x.errors)
        for fid, target in x.refs.items():  # "联系人同法人": the value the other field has (now or before)
            same = x.values.get(target, self.state.values.get(target))
            if same is None:
                errors[fid] = (f"{label(fid)}和{label(target)}相同，但{label(target)}还没有填写，请直接告诉我"
                               + ("姓名" if fid in ("contact_name", "legal_rep_name") else label(fid)))
            elif fid not in x.values:
                x.values[fid] = same
        for fid, (first, second) in x.conflicts.items():
            x.values.pop(fid, None)
            if len(x.conflicts) == 1:
                errors[fid] = (f"这句话里{label(fid)}出现了两个不同的值：“{_short(display(fid, first))}”和"
                               f"“{_short(display(fid, second))}”，请告诉我是哪一个")
        if len(x.conflicts) > 1:  # two sets of data (two projects): one question, not one per field
            x.notes.append(ask_pick([label(f) for f in x.conflicts]))
        for fid in x.weak & set(self.state.values) if not x.correction else ():
            x.values.pop(fid, None)  # "新建一座仓库" inside a description does not undo "是扩建"
        for fid, value in swapped_values(x, self.state.values).items():
            x.values.setdefault(fid, value)  # "建设地点才是阳曲园区厂里那个": the value the other field had
        for fid, value in respelled(self.state.values, x.respell).items():
            x.values.setdefault(fid, value)  # "上面说的小河都是潇河": every value said with the misheard word
        for fid in FIELD_IDS:
            if fid in x.values and fid not in errors:
                old = self.state.values.get(fid)
                value, error = self._apply_value(fid, x.values[fid])
                if error:
                    errors[fid] = error
                elif value != old:
                    changed.append((fid, old, value))
        if x.period:
            old = self.state.values.get("construction_period")
            errors.update(self._apply_period(x.period))
            new = self.state.values.get("construction_period")
            if new != old:
                changed.append(("construction_period", old, new))
        for fid in x.reask:
            errors.setdefault(fid, f"请告诉我正确的{label(fid)}（{HINTS[fid]}）")
        return changed, errors

    def _pick(self, n: int, x: Extraction) -> None:
        """The user picked alternative n of a message that held two: its values are stored now."""
        s = self.state
        for fid, value in picked_values(s.choice_text, s.choices, s.values, n, self.today()).items():
            x.values.setdefault(fid, value)
            x.conflicts.pop(fid, None)
        s.choices, s.choice_text = {}, ""

    def _correct_previous(self, fid: str, message: str, x: Extraction) -> None:
        """"算了还是写李四吧" right after 联系人 was set: the correction is about that field."""
        if fid == "construction_period":
            return
        value = correct_last(fid, message)
        if value is not None:
            x.values[fid] = value
        else:
            x.reask.append(fid)

    def _llm_recall(self, extractor: Extractor, message: str, x: Extraction) -> None:
        """Let the model quote fields the rules missed; its quotes go through the same unit parser."""
        wanted = [f for f in self.missing() if f not in x.values and f not in x.errors and f not in x.skipped
                  and f != "construction_period"]
        if not wanted or (x.questions and not x.found()):
            return
        for fid, quote in extractor(message, wanted).items():
            value = read_value(fid, quote)
            if value is not None:
                x.values[fid] = value

    def _apply_value(self, fid: str, raw: Any) -> tuple[Any, str | None]:
        s = self.state
        if fid in NAMES and isinstance(raw, str):
            raw = strip_title(raw)
        if fid == "site_address" and isinstance(raw, str):  # "纬二路以南" after the park was given
            raw = in_park(raw, s.values.get("site_park"))
        value, error = check_value(s.values, fid, raw)
        if error is None and (doubt := implausible(fid, value, s.values)):
            value, error = None, doubt
        if error is None:
            s.values[fid] = value
            s.skipped = [f for f in s.skipped if f != fid]
            s.deferred = [f for f in s.deferred if f != fid]
        return value, error

    def _apply_period(self, new: dict[str, Any]) -> dict[str, str]:
        """Merge 开工/竣工/工期 pieces with what is known; validate once both ends are there."""
        s = self.state
        merged = {**(s.values.get("construction_period") or s.period_partial), **new}
        months = merged.pop("months", None)
        errors = {}
        for key, name in (("start", "开工"), ("end", "竣工")):  # "开工时间往后推两个月": the date held, moved
            shift = merged.pop(f"{key}_shift", None)
            if shift and key not in new:
                if key in merged:
                    merged[key] = add_months(merged[key], shift)
                else:
                    errors["construction_period"] = f"还没有记下{name}时间，请直接告诉我调整后的{name}年月（如2027年5月）"
        if months and "start" in merged and ("end" not in merged or "end" not in new):
            merged["end"] = add_months(merged["start"], months)
        elif months and "end" in merged and "start" not in merged:
            merged["start"] = add_months(merged["end"], -months)
        if {"start", "end"} <= set(merged):
            s.period_partial = {}
            error = self._apply_value("construction_period", {"start": merged["start"], "end": merged["end"]})[1]
            if not error and merged["start"] < add_months(self.today().strftime("%Y-%m"), -PAST_MONTHS):
                self.notes.append(f"计划开工时间{merged['start']}已经过去较久，请确认无误；如有误请直接说正确的开工时间。")
            return {"construction_period": error} if error else errors
        s.period_partial = {**merged, **({"months": months} if months else {})}
        return errors

    def _skip(self, x: Extraction) -> list[str]:
        s = self.state
        asked = [f for f in s.expecting if f not in x.values and f not in x.errors]
        wanted = list(dict.fromkeys(x.skipped + (asked if x.skip_rest else [])))
        done = []
        for fid in wanted:
            if fid in s.values or fid in s.deferred:
                continue
            if fid in s.skipped:  # skipped before and asked again: leave it empty
                s.skipped.remove(fid)
                s.deferred.append(fid)
            else:
                s.skipped.append(fid)
            done.append(fid)
        return done

    def _answer(self, question: str) -> str:
        if self.side_answer is None:
            return NO_ANSWER
        try:
            return self.side_answer(question)
        except Exception as exc:  # the chat must go on whatever the answer chain does
            log.warning("side answer failed in session %s: %s", short_id(self.state.session_id), type(exc).__name__)
            return NO_ANSWER

    def _report(self, x: Extraction, changed: list[tuple[str, Any, Any]], errors: dict[str, str],
                skipped: list[str]) -> list[str]:
        parts = []
        if changed:
            lines = [f"- {label(f)}：{_short(display(f, old))} → {_short(display(f, new))}" if old is not None
                     else f"- {label(f)}：{_short(display(f, new))}" for f, old, new in changed]
            parts.append(f"已记录 {len(changed)} 项：\n" + "\n".join(lines))
        parts += x.notes + self.notes
        if x.period and self.state.period_partial:
            parts.append(f"计划建设期：{self._period_note()}。")
        if errors:
            lines = [f"- {e}" if e.startswith(label(f)) else f"- {label(f)}：{e}" for f, e in errors.items()]
            parts.append("以下信息需要重新提供：\n" + "\n".join(lines))
        if skipped:
            later = [label(f) for f in skipped if f in self.state.skipped]
            empty = [label(f) for f in skipped if f in self.state.deferred]
            if later:
                parts.append(f"好的，{'、'.join(later)}先跳过，最后再请您补充。")
            if empty:
                parts.append(f"好的，{'、'.join(empty)}暂不填写，相关表单将无法自动生成这些内容。")
        if x.questions:
            answers = "\n\n".join(self._answer(q) for q in x.questions)
            parts.append(f"{answers}\n\n——以上是对您问题的回答，我们继续填写。")
        return parts

    def _open(self) -> list[str]:
        s = self.state
        return [f for f in FIELD_IDS if f not in s.values and f not in s.deferred]

    def _prompt(self, errors: dict[str, str]) -> str:
        """The next question: the group of the first invalid value, else the first group with fields
        never skipped, else the skipped fields once more, else the summary."""
        s = self.state
        fresh = [f for f in self._open() if f not in s.skipped]
        if errors:
            group = FIELDS_BY_ID[next(f for f in FIELD_IDS if f in errors)].group
        elif fresh:
            group = next(g for g in GROUPS if any(FIELDS_BY_ID[f].group == g for f in fresh))
        elif s.skipped:
            s.expecting = list(s.skipped)
            return ("还有之前跳过的几项：" + "、".join(label(f) for f in s.expecting)
                    + "。现在能补充吗？暂时没有的话回复“跳过”，这些项将留空。")
        else:
            s.stage, s.expecting = "confirming", []
            return self._summary()
        s.stage = "collecting"
        groups = list(GROUPS[GROUPS.index(group):]) + list(GROUPS[:GROUPS.index(group)])
        s.expecting = []
        for g in groups:  # a group with one or two fields left is asked together with the next one
            s.expecting += [f for f in FIELD_IDS if FIELDS_BY_ID[f].group == g and (f in errors or f in fresh)]
            if len(s.expecting) >= 3 or errors:  # a re-ask stays on the invalid value's group
                break
        titles = "、".join(dict.fromkeys(FIELDS_BY_ID[f].group for f in s.expecting))
        done, total = self.progress
        hints = {**HINTS, **({"construction_period": self._period_note()} if s.period_partial else {})}
        lines = [f"- {label(f)}（{hints[f]}）" for f in s.expecting]
        return (f"请提供【{titles}】（已填 {done}/{total} 项）：\n" + "\n".join(lines)
                + "\n可以一句话说几项；暂时不清楚的可以说“跳过”。")

    def _period_note(self) -> str:
        """What is known of a half-given 计划建设期 and what is still needed."""
        p = self.state.period_partial
        names = {"start": "开工", "end": "竣工", "months": "工期"}
        known = "、".join(f"{names[k]}{v}{'个月' if k == 'months' else ''}" for k, v in p.items())
        return f"已记下{known}，还需要{'竣工时间或工期' if 'start' in p else '开工时间'}"

    def _summary(self) -> str:
        s = self.state
        blocks = []
        for group in GROUPS:
            rows = [f"- {f.label}：{display(f.id, s.values.get(f.id))}" for f in BASE_FIELDS if f.group == group]
            blocks.append(f"**{group}**\n" + "\n".join(rows))
        note = ""
        if s.deferred:
            note = (f"\n\n以下 {len(s.deferred)} 项暂未填写：{'、'.join(label(f) for f in s.deferred)}；"
                    "用到它们的申请表将暂不生成，可以现在补充。")
        return ("请核对以下信息：\n\n" + "\n\n".join(blocks) + note
                + "\n\n无误请回复“确认”；需要修改请直接说，如“联系人改成王五”。")

    def _confirm(self) -> str:
        s = self.state
        payload = build_payload(s.session_id, s.values, self.catalogue)
        s.payload = payload.model_dump(mode="json")
        s.stage = "confirmed"
        delivered = ""
        if self.sink is not None:
            result = self.sink.deliver(payload)
            if self.store is not None:  # staff see and resubmit failed deliveries from these records
                self.store.record_handoff(HandoffRecord(session_id=s.session_id, **result.model_dump()))
            delivered = ("信息已提交给表单生成服务。" if result.ok
                         else "信息已确认并保存，但提交给表单生成服务时失败，工作人员会重新提交。")
        warnings = payload.checklist.warnings()
        head = "已确认，谢谢！" + delivered
        body = render_markdown(payload.checklist)
        return "\n\n".join([head, *warnings, body]) if warnings else f"{head}\n\n{body}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
