from bot.models import Answer, Citation
from ui.chat import FAILED, render_answer, respond, source_cards


def citation(n: int, **kw) -> Citation:
    base = dict(n=n, source="guides/energy_review.md", title="节能审查办事指南", section="办理流程 › 办理时限",
                quote="节能审查的办理时限为20个工作日。", score=0.5)
    return Citation(**(base | kw))


def test_cards_show_title_heading_path_and_quote() -> None:
    html = source_cards([citation(1), citation(2, title="施工许可", section="")])
    assert html.count('<details class="zb-source">') == 2
    assert "办理流程 › 办理时限" in html and "节能审查的办理时限为20个工作日。" in html
    assert "guides/energy_review.md" in html
    assert "\n" not in html  # a blank line would end the HTML block inside the chat's Markdown


def test_cards_name_the_statute_article() -> None:
    html = source_cards([citation(1, source="消防法.md", title="中华人民共和国消防法", section="第六章 法律责任",
                                  article="第五十八条"), citation(2)])
    assert '<span class="zb-article">第五十八条</span>' in html
    assert html.count("zb-article") == 1  # a guide's card has no article


def test_cards_escape_document_text() -> None:
    html = source_cards([citation(1, quote="<script>alert(1)</script>\n\n第二段", title="A & B")])
    assert "<script>" not in html and "&lt;script&gt;" in html and "A &amp; B" in html


def test_refusal_offers_suggestions_and_no_cards() -> None:
    answer = Answer(question="天气", answer="抱歉，知识库中没有相关内容。", refused=True,
                    suggestions=["节能审查", "施工许可"])
    text = render_answer(answer)
    assert "- 节能审查" in text and "zb-source" not in text


def test_plain_source_lines_give_way_to_cards() -> None:
    text = "节能审查一般为20个工作日[1]。\n\n来源：\n[1] 节能审查办事指南 › 办理时限"
    answer = Answer(question="节能审查要多久？", answer=text, refused=False, citations=[citation(1)])
    text = render_answer(answer)
    assert text.startswith("节能审查一般为20个工作日[1]。")
    assert "来源：\n[1]" not in text and text.count("<details") == 1


class FakeEngine:
    def __init__(self, pieces: list, fail: bool = False) -> None:
        self.pieces, self.fail, self.histories = pieces, fail, []

    def stream(self, question, history):
        self.histories.append(list(history))
        yield from self.pieces
        if self.fail:
            raise RuntimeError(f"chroma is down, question was: {question}")

    def ask(self, question, history):
        raise NotImplementedError


def test_respond_streams_then_shows_cards_and_remembers_the_turn() -> None:
    final = Answer(question="q", answer="20个工作日[1]。\n\n来源：\n[1] 节能", refused=False, citations=[citation(1)])
    engine = FakeEngine(["20个", "工作日[1]。", final])
    steps = list(respond(engine, "节能审查要多久？", None))
    shown = [messages[-1]["content"] for messages, _ in steps]
    assert shown[0] == "正在查找相关办事指南……" and shown[1] == "20个" and "<details" in shown[-1]
    conv = steps[-1][1]
    assert [t.role for t in conv.turns] == ["user", "assistant"] and len(conv.messages) == 2
    list(respond(engine, "那材料呢？", conv))
    assert [t.content for t in engine.histories[1]] == ["节能审查要多久？", final.answer]


def test_respond_apologises_and_logs_no_user_text(caplog) -> None:
    steps = list(respond(FakeEngine(["部分"], fail=True), "节能审查要多久？", None))
    messages, conv = steps[-1]
    assert messages[-1]["content"] == FAILED and conv.turns == []
    assert "RuntimeError" in caplog.text and "节能审查" not in caplog.text
