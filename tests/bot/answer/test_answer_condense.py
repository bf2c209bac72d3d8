"""Follow-up questions become standalone ones, from the conversation alone (no LLM)."""

from __future__ import annotations

from bot.answer.condense import condense, topics_in
from bot.models import ChatTurn


def turns(*pairs: tuple[str, str]) -> list[ChatTurn]:
    return [ChatTurn(role=role, content=text) for role, text in pairs]


ENERGY = turns(("user", "节能审查是什么情况下要做？"),
               ("assistant", "年综合能源消费量1000吨标准煤及以上……[1]\n\n来源：\n[1] 固定资产投资项目节能审查办事指南 › 适用范围与申请条件"))


def test_short_follow_up_inherits_the_topic() -> None:
    assert condense("那要多久？", ENERGY) == "节能审查要多久？"
    assert condense("需要交什么材料？", ENERGY) == "节能审查需要交什么材料？"


def test_pronoun_is_replaced_by_the_topic() -> None:
    assert condense("它收费吗", ENERGY) == "节能审查收费吗"


def test_what_about_swaps_the_most_similar_topic() -> None:
    history = turns(("user", "水保报告书审批多久？"), ("assistant", "……"))
    assert condense("报告表呢？", history) == "水保报告表审批多久？"
    assert condense("环评呢？", ENERGY) == "环评是什么情况下要做？"


def test_standalone_questions_are_left_alone() -> None:
    assert condense("我们要建厂，需要办哪些手续？", ENERGY) == "我们要建厂，需要办哪些手续？"
    assert condense("施工许可证要多久", ENERGY) == "施工许可证要多久"
    assert condense("那要多久？", []) == "那要多久？"


def test_topic_comes_from_the_answer_when_the_question_had_none() -> None:
    history = turns(("user", "能耗超过多少要单独审查？"),
                    ("assistant", "……[1]\n\n来源：\n[1] 固定资产投资项目节能审查办事指南 › 适用范围与申请条件"))
    assert condense("那要多久？", history) == "固定资产投资项目节能审查要多久？"


def test_topics_prefer_the_longest_term() -> None:
    assert topics_in("节能审查和施工许可证哪个先办") == ["节能审查", "施工许可证"]
    assert topics_in("要多少个工作日") == []
