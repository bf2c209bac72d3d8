"""Short forms the corpus never uses are read as the compounds it writes out (人防 -> 人民防空)."""

from __future__ import annotations

import pytest

from bot.retrieval import HybridRetriever
from bot.retrieval.short_forms import abbreviations
from tests.bot.conftest import ingested

CIVIL = """# 示范防空条例

第一条 城市的人民防空工程应当与城市建设相结合。

第二条 任何单位不得擅自拆除人民防空工程；确需拆除的，应当报人民防空主管部门批准。

第三条 人民防空警报设施由人民防空主管部门负责维护管理。
"""
LAND = """# 示范用地条例

第一条 临时使用土地期限一般不超过二年。

第二条 建设单位应当按照规定办理用地手续，业务主管部门予以指导。
"""
CHEMICALS = """# 示范危险化学品管理办法

第一条 经营危险化学品的企业应当取得经营许可证。

第二条 储存危险化学品的仓库应当符合国家标准。
"""


def test_a_compound_abbreviates_to_the_first_characters_of_its_words() -> None:
    table = abbreviations({"人民防空": 3, "水土保持": 2, "环境影响评价": 4, "环境影响": 4, "业务主管": 1,
                           "人防工程": 3, "百分之五": 6, "社会保险": 2, "社会保障": 3, "哪些项目": 4})
    assert table["人防"] == ["人民防空"] and table["水保"] == ["水土保持"]
    assert "人民防空" not in table.get("人民", []) and "环境影响评价" in table["环评"]
    assert "业主" not in table  # a compound used in one passage only is not what the corpus calls the thing
    assert "人工" not in table and "百五" not in table  # an everyday word; a piece of a number (一百五十)
    assert "哪项" not in table  # a question word
    assert table["社保"] == ["社会保险", "社会保障"]  # two readings: ShortForms leaves it as it is


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory) -> HybridRetriever:
    store = ingested(tmp_path_factory.mktemp("short"), tmp_path_factory.mktemp("short-kb"),
                     {"civil.md": CIVIL, "land.md": LAND, "chemicals.md": CHEMICALS})
    return HybridRetriever(store, store.settings)


def test_a_short_form_the_corpus_never_uses_is_written_out(retriever: HybridRetriever) -> None:
    # written out first, so the alias list's 人防 -> 人防工程 (the bundled guides' word) is not appended
    assert retriever.expand("人防设备能拆吗") == "人民防空设备能拆吗"
    assert retriever.expand("业主要办什么手续") == "业主要办什么手续"  # 业务主管 appears once
    assert retriever.expand("临时用地多久") == "临时用地多久"  # no short form in it
    assert retriever.expand("人防地下室能拆吗") == "人民防空地下室能拆吗"
    assert retriever.expand("危化仓库要办什么") == "危险化学品仓库要办什么"
    assert retriever.expand("人防工程能拆吗").startswith("人民防空工程能拆吗")  # inside a dictionary word too
    assert retriever.expand("危化品仓库要办什么") == "危险化学品仓库要办什么"  # never "危险化学品品"
    assert retriever.short_forms.stands_for("人防") == "人民防空" and retriever.short_forms.stands_for("防空") is None
    top = retriever.search("地下室的人防设备能拆吗", k=1, mode="bm25")
    assert top and top[0].chunk.source == "civil.md"
    again = retriever.search(retriever.expand("地下室的人防设备能拆吗"), k=1, mode="bm25", expanded=True)
    assert [r.chunk.id for r in again] == [top[0].chunk.id]  # a caller that expanded already is not expanded twice


def test_a_short_form_the_corpus_uses_is_left_alone(tmp_path_factory: pytest.TempPathFactory) -> None:
    store = ingested(tmp_path_factory.mktemp("own"), tmp_path_factory.mktemp("own-kb"),
                     {"civil.md": CIVIL + "\n第四条 人防工程竣工后应当验收。\n"})
    assert HybridRetriever(store, store.settings).expand("人防设备能拆吗") == "人防设备能拆吗 人防工程"
