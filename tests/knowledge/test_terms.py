"""The reviewed word lists: one source for the jieba dictionary and the aliases, a reason per entry,
place names from the gazetteer."""

import yaml

from knowledge.terms import LEXICON_DIR, USER_DICT, answer_types, other_places, scope, vocabulary


def test_user_dictionary_is_generated_from_the_one_term_list() -> None:
    # regenerate with `python -m knowledge.terms`; an alias missing from the dictionary would be cut by jieba
    assert USER_DICT.read_text(encoding="utf-8") == vocabulary().user_dict()
    words = {line.split()[0] for line in USER_DICT.read_text(encoding="utf-8").splitlines()}
    assert {a.alias for a in vocabulary().aliases} <= words


def test_every_entry_of_every_list_says_why_it_is_there() -> None:
    for path in LEXICON_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists = [v for v in (data.values() if isinstance(data, dict) else [data]) if isinstance(v, list)]
        lists.append([v for v in data.values() if isinstance(v, dict)])  # single entries (home_province, patterns)
        for entries in lists:
            for entry in entries:
                assert isinstance(entry, dict) and entry.get("reason"), f"{path.name}: {entry} has no reason"
    assert all(t.reason for t in answer_types())


def test_places_come_from_the_gazetteer_without_the_home_province() -> None:
    places = other_places()
    assert {"深圳", "贵阳", "浦东新区", "雄安"} <= set(places)
    assert not {"太原", "晋中", "小店区", "山西"} & set(places)  # the zone's own province
    assert not {n.name for n in scope().not_places} & set(places)
    assert "新建" not in places  # a county's short name that is an ordinary word here
