"""Optional extra recall from an OpenAI-compatible chat endpoint (ZONEBOT_LLM_BASE_URL).

The model only quotes what the message says for fields the rules did not find, as written ("120亩");
the rule parser converts units and the pydantic validator still decides. Any failure means "nothing
extra": the dialogue never depends on the endpoint.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from pydantic import BaseModel, create_model

from bot.intake.extraction import normalize
from knowledge.fields import BASE_FIELDS
from knowledge.settings import Settings

log = logging.getLogger(__name__)

Extractor = Callable[[str, Sequence[str]], dict[str, str]]

Quoted: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "Quoted", **{f.id: (str | None, None) for f in BASE_FIELDS})

_PROMPT = ("你从企业填报消息中摘取字段。只输出一个JSON对象，键只能是下列字段id，值是消息中的原文片段"
           "（保留单位，如“120亩”“5.2亿元”）；消息没有提到的字段不要输出，不要猜测。\n字段：{fields}\n消息：{message}")


def make_llm_extractor(settings: Settings) -> Extractor | None:
    """None when no endpoint is configured."""
    if not settings.llm_base_url:
        return None
    from langchain_openai import ChatOpenAI  # imported only when an endpoint is configured

    model = ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key,
                       timeout=settings.llm_timeout_s, max_retries=0, temperature=0)
    structured = model.with_structured_output(Quoted, method="json_mode")

    def extract(message: str, wanted: Sequence[str]) -> dict[str, str]:
        fields = "；".join(f"{f.id}={f.label}" for f in BASE_FIELDS if f.id in wanted)
        try:
            result = structured.invoke(_PROMPT.format(fields=fields, message=message))
        except Exception as exc:  # endpoint down, bad JSON...: the rules alone carry on
            log.warning("llm extraction failed: %s", type(exc).__name__)
            return {}
        quoted = result.model_dump() if isinstance(result, BaseModel) else {}
        # a quote must come from the message: anything else is the model's invention
        said = normalize(message)
        return {k: v for k, v in quoted.items() if k in wanted and isinstance(v, str) and v and normalize(v) in said}

    return extract
