from knowledge.zone import load_zone


def test_zone_data_is_sourced():
    zone = load_zone()
    assert zone.level == "national" and len(zone.parks) >= 3
    assert all(p.source for p in zone.parks)
    assert all(("待" in p.source) for p in zone.parks if not p.confirmed)  # unconfirmed parks say so
    intensity = zone.indicators["investment_intensity"]
    assert (intensity.min, intensity.unit) == (300, "万元/亩") and intensity.source
    assert zone.indicators["floor_area_ratio"].min is None and "只报告数值" in zone.indicators["floor_area_ratio"].source


def test_park_aliases_match_longest_first():
    zone = load_zone()
    assert zone.match_park("在潇河新城建厂") == "潇河产业园区"
    assert zone.match_park("武宿综保区") == "武宿综合保税区"
    assert zone.match_park("浦东新区") is None
