"""Answering: `Assistant(store, settings, llm=None).ask(question, history)` -> bot.models.Answer."""

from bot.answer.chain import Assistant

__all__ = ["Assistant"]
