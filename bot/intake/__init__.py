"""Guided intake of the 28 base fields, the personal checklist, the handoff and the reference forms.

    session = IntakeSession.open(session_id, SessionStore(settings.state_db), side_answer=..., sink=make_sink(settings))
    session.opening(); reply = session.handle(message)
"""

from bot.intake.checklist import Checklist, build_checklist, render_markdown
from bot.intake.dialogue import IntakeSession, SideAnswer, TurnResult
from bot.intake.fields import IntakeFields, check_value
from bot.intake.forms import FormsReport, MissingValuesError, render_all
from bot.intake.handoff import HandoffPayload, build_payload, make_sink
from bot.intake.llm import make_llm_extractor
from bot.intake.state import IntakeState, SessionStore

__all__ = ["Checklist", "FormsReport", "HandoffPayload", "IntakeFields", "IntakeSession", "IntakeState",
           "MissingValuesError", "SessionStore", "SideAnswer", "TurnResult", "build_checklist", "build_payload",
           "check_value", "make_llm_extractor", "make_sink", "render_all", "render_markdown"]
