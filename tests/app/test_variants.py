"""The app's choice of figure per system (catalogue figure, a variant, or all of them)."""

from __future__ import annotations

from ranges.catalogue.systems import load_catalogue


def _figure_box(at, system_id: str):
    return next(s for s in at.selectbox if s.key == f"variant:{system_id}")


def _ring_ranges(fake_map) -> dict[str, str]:
    return {f["properties"]["system"]: f["properties"]["tip"] for f in fake_map.ring_features()}


def test_choosing_a_variant_draws_its_figure_and_names_its_source(app, fake_map):
    at = app({"systems": "tomahawk", "from": "50.45,30.52,Kyiv"}).run()
    assert not at.exception
    box = _figure_box(at, "tomahawk")
    assert box.value == "" and box.options[0].startswith("Catalogue figure: 2,400 km")
    assert "Block IV: 1,600 km" in box.options
    captions = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")
    assert "RT.com, as republished by TROIB News" in captions
    assert "disputed; published figures 1,600-2,500 km" in captions

    box.set_value("block-iv").run()
    assert not at.exception
    assert set(_ring_ranges(fake_map)) == {"tomahawk:block-iv"}
    assert "1,600 km" in _ring_ranges(fake_map)["tomahawk:block-iv"]
    assert at.session_state["km:max:tomahawk"] == 1600
    captions = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")
    assert "Chosen: **1,600 km** · Boston Herald, citing Raytheon (2017-04-08)" in captions
    assert not any(b.key == "reset:tomahawk" and not b.disabled for b in at.button)
    # the caption above the map: the chosen figure's source and the range of published figures
    above = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Ranges from")]
    assert above and "source: Boston Herald, citing Raytheon (2017-04-08)" in above[0]
    assert "published figures: BGM-109 Tomahawk 1,600-2,500 km" in above[0]


def test_a_link_chooses_the_figure_and_the_choice_goes_into_the_link(app, fake_map):
    at = app({"systems": "tomahawk,atacms", "variant": "tomahawk:block-iv", "from": "50,30"})
    at.run()
    assert not at.exception
    assert _figure_box(at, "tomahawk").value == "block-iv"
    assert at.session_state["km:max:tomahawk"] == 1600
    assert at.query_params.get("variant") in ("tomahawk:block-iv", ["tomahawk:block-iv"])
    assert "range" not in at.query_params  # the variant's figure is no what-if
    _figure_box(at, "atacms").set_value("mid-range").run()
    assert at.query_params.get("variant") in (
        "atacms:mid-range,tomahawk:block-iv",
        ["atacms:mid-range,tomahawk:block-iv"],
    )
    _figure_box(at, "tomahawk").set_value("").run()
    assert at.query_params.get("variant") in ("atacms:mid-range", ["atacms:mid-range"])
    assert at.session_state["km:max:tomahawk"] == 2400


def test_all_variants_draws_each_figure_as_its_own_ring(app, fake_map):
    at = app({"systems": "tomahawk", "from": "50.45,30.52,Kyiv"}).run()
    _figure_box(at, "tomahawk").set_value("all").run()
    assert not at.exception
    tips = _ring_ranges(fake_map)
    tomahawk = load_catalogue().get("tomahawk")
    assert set(tips) == {"tomahawk", *(f"tomahawk:{v.id}" for v in tomahawk.variants)}
    assert "Block IV" in tips["tomahawk:block-iv"] and "1,600 km" in tips["tomahawk:block-iv"]
    # the main ring is solid, each variant dashed inside (or around) it
    styles = {}
    for group in fake_map.last["feature_group_to_add"]:
        for child in group._children.values():
            data = getattr(child, "data", None)
            if isinstance(data, dict) and data.get("features"):
                sid = data["features"][0]["properties"]["system"]
                styles[sid] = child.style_function(data["features"][0])
    assert "dashArray" not in styles["tomahawk"]
    assert styles["tomahawk:block-iv"].get("dashArray")
    assert styles["tomahawk:reported-2500"].get("dashArray")


def test_what_a_longer_figure_adds_in_places_and_people(app, fake_map):
    """Issue 22 item 5: all of Tomahawk's figures shown, the In range tab says what 2,500 km adds
    beyond Block IV's 1,600 km, in places and people, and lists them."""
    query = {"systems": "tomahawk", "from": "50.45,30.52,Kyiv", "variant": "tomahawk:all"}
    at = app({**query, "gazetteer": "cities15000"}).run()
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "longer_short"]  # closed until asked
    at.toggle(key="longer_on").set_value(True).run()
    short = at.selectbox(key="longer_short")
    long_ = at.selectbox(key="longer_long")
    assert short.value == "tomahawk:block-iv"  # the shortest figure first, the longest last
    assert long_.value == "tomahawk:reported-2500"
    said = " ".join(m.value for m in at.markdown if "adds" in m.value).replace("\\", "")
    assert "adds" in said and "beyond Block IV's 1,600 km" in said
    places = int(said.split(" adds ")[1].split(" place")[0].replace(",", ""))
    assert places > 0
    # The same count as the engine's, from the same gazetteer.
    from ranges.places.extracts import default_gazetteer
    from ranges.places.points import LaunchPoint
    from ranges.reach.longer import what_longer_adds

    catalogue = load_catalogue()
    gain = what_longer_adds(
        [LaunchPoint(50.45, 30.52, "Kyiv")],
        catalogue.get("tomahawk:block-iv"),
        catalogue.get("tomahawk:reported-2500"),
        default_gazetteer("cities15000"),
    )
    assert places == gain.places
    # The two boxes compare any two figures; the same one twice is refused.
    short.set_value("tomahawk:reported-2500").run()
    assert any("Choose two different figures" in c.value for c in at.caption)
