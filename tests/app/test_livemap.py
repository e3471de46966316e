"""The live map's controls in the app: number boxes beside the sliders, "back to the catalogue
figure", the ring labels' toggle, the caption and the city markers' legend entry."""

from __future__ import annotations

import folium

KYIV = "50.4501,30.5234,Kyiv"


def label_texts(fake_map) -> list[str]:
    """The ring labels the app sent in its last run (the label layer's markers' HTML)."""
    out = []
    for group in fake_map.last["feature_group_to_add"]:
        for child in group._children.values():
            if isinstance(child, folium.Marker):
                icon = next(
                    (c for c in child._children.values() if isinstance(c, folium.DivIcon)), None
                )
                if icon is not None and "rm-ring-label" in icon.options["html"]:
                    out.append(icon.options["html"])
    return out


def ring_radius_km(fake_map, system_id: str) -> list[float]:
    return [
        f["properties"]["tip"]
        for f in fake_map.ring_features()
        if f["properties"].get("system") == system_id
    ]


def test_the_number_box_sets_the_range_slider_ring_and_link(app, fake_map) -> None:
    at = app({"systems": "atacms", "from": KYIV}).run()
    box = at.number_input(key="num:max:atacms")
    assert box.value == at.slider(key="max:atacms").value == 300
    box.set_value(437).run()
    assert not at.exception
    assert at.slider(key="max:atacms").value == 437
    assert at.query_params["range"] == "atacms:437"
    assert any("437 km" in tip for tip in ring_radius_km(fake_map, "atacms"))
    assert any("437 km" in html for html in label_texts(fake_map))


def test_the_slider_moves_the_number_box(app, fake_map) -> None:
    at = app({"systems": "atacms", "from": KYIV}).run()
    at.slider(key="max:atacms").set_value(500).run()
    assert at.number_input(key="num:max:atacms").value == 500
    at.slider(key="min:atacms").set_value(120).run()
    assert at.number_input(key="num:min:atacms").value == 120
    # the maximum moved below the minimum takes it down: both boxes follow
    at.number_input(key="num:max:atacms").set_value(100).run()
    assert at.slider(key="min:atacms").value == at.number_input(key="num:min:atacms").value == 99


def test_back_to_the_catalogue_figure(app, fake_map) -> None:
    at = app({"systems": "atacms", "from": KYIV, "range": "atacms:650", "min": "atacms:20"}).run()
    reset = at.button(key="reset:atacms")
    assert not reset.disabled
    reset.click().run()
    assert not at.exception
    assert at.slider(key="max:atacms").value == at.number_input(key="num:max:atacms").value == 300
    assert at.slider(key="min:atacms").value == 0
    assert "range" not in at.query_params and "min" not in at.query_params
    assert at.button(key="reset:atacms").disabled  # already at the catalogue's figure


def test_the_number_box_follows_the_units(app, fake_map) -> None:
    at = app({"systems": "tomahawk", "from": KYIV}).run()
    at.radio(key="units").set_value("nmi").run()
    assert at.number_input(key="num:max:tomahawk").value == round(2400 / 1.852)
    at.number_input(key="num:max:tomahawk").set_value(1000).run()
    assert at.query_params["range"] == "tomahawk:1852"


def test_labels_toggle_and_link(app, fake_map) -> None:
    at = app({"systems": "storm-shadow,scalp-eg", "from": KYIV}).run()
    (html,) = label_texts(fake_map)  # equal ranges: one label naming both
    assert "Storm Shadow / SCALP-EG · 250 km" in html
    at.toggle(key="labels").set_value(False).run()
    assert label_texts(fake_map) == []
    assert at.query_params["labels"] == "off"
    at = app({"systems": "atacms", "from": KYIV, "labels": "off"}).run()
    assert at.toggle(key="labels").value is False and label_texts(fake_map) == []


def test_the_caption_and_the_city_legend(app, fake_map) -> None:
    at = app({"systems": "atacms,tomahawk", "from": KYIV}).run()
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("Ranges from Kyiv: BGM-109 Tomahawk 2,400 km") for c in captions)
    legend = " ".join(m.value for m in at.markdown)
    assert "Cities in range" in legend


def test_a_map_of_a_launch_area_alone_keeps_its_caption(app, fake_map) -> None:
    at = app({"systems": "atacms", "area": "UKR"}).run()
    assert not at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("Ranges from Ukraine: MGM-140 ATACMS 300 km") for c in captions)
