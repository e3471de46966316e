"""The "Add a launch point" box and the link's warnings (issue 23): a name several places share
lands on the famous one and offers the others in a pick list; the link's own ``LAT,LON,LABEL``
form is accepted; what a link held that was dropped shows in one box."""

from __future__ import annotations

import re

from tests.app.test_app import param


def _typed(app, text: str):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.text_input(key="new_point").input(text).run()
    assert not at.exception
    return at


def test_zaporizhzhia_is_the_city_not_the_village(app, fake_map):
    for text in ("Zaporizhzhia", "Zaporizhzhia, UA"):
        at = _typed(app, text)
        assert param(at, "from")[1] == "47.85167,35.11714,Zaporizhzhya"


def test_odessa_is_odesa_with_a_pick_list_of_the_others(app, fake_map):
    at = _typed(app, "Odessa")
    assert param(at, "from")[1] == "46.48572,30.74383,Odesa"
    pick = at.sidebar.selectbox(key="pick_box")
    assert pick.label == "Which Odessa?"
    assert pick.options[0] == "Odesa, Ukraine (46.4857°N 30.7438°E, pop. 1,010,537)"
    assert pick.options[1] == "Odessa, United States (31.8457°N 102.3676°W, pop. 114,428)"
    pick.select_index(1).run()
    assert not at.exception
    assert param(at, "from")[1] == "31.84568,-102.36764,Odessa"
    assert at.sidebar.text_input(key=f"label:{_last_uid(at)}").value == "Odessa"
    # The list stays for another change of mind, and goes with the next action.
    at.sidebar.selectbox(key="pick_box").select_index(0).run()
    assert param(at, "from")[1] == "46.48572,30.74383,Odesa"
    at.text_input(key="new_point").input("Kyiv").run()
    assert not [s for s in at.sidebar.selectbox if s.key == "pick_box"]


def test_a_clear_name_has_no_pick_list(app, fake_map):
    at = _typed(app, "Kharkiv")
    assert not [s for s in at.sidebar.selectbox if s.key == "pick_box"]


def test_the_links_form_is_accepted(app, fake_map):
    at = _typed(app, "48.5,37.9,Front north")
    assert not at.error
    assert param(at, "from")[1] == "48.5,37.9,Front north"


def _last_uid(at) -> int:
    keys = [t.key for t in at.sidebar.text_input if t.key and t.key.startswith("label:")]
    return int(keys[-1].split(":", 1)[1])


def test_a_link_with_fifteen_bad_parameters_shows_one_warning(app, fake_map):
    query = {
        "systems": "atacms,bogus1,bogus2,bogus3",
        "from": ["999,0", "0,999", "50.45,30.52", "nowhere"],
        "units": "parsecs",
        "base": "moon",
        "opacity": "7",
        "range": ["atacms:-4", "bogus:5"],
        "view": "x",
        "labels": "maybe",
        "gazetteer": "cities1",
        "min_population": "-5",
    }
    at = app(query).run()
    assert not at.exception
    (box,) = at.warning
    text = re.sub(r"\\(.)", r"\1", box.value)  # Markdown escapes removed
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert box.value.startswith(f"Ignored {len(lines)} things:")
    assert len(lines) >= 12
    for fragment in ("bogus1", "999", "parsecs", "moon", "atacms:-4", "cities1"):
        assert sum(fragment in line for line in lines) >= 1, fragment
    assert param(at, "from") == ["50.45,30.52"]


def test_one_bad_parameter_reads_as_before(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52", "units": "parsecs"}).run()
    (box,) = at.warning
    assert box.value.startswith("Ignored: ") and "\n" not in box.value


def test_a_figure_beyond_the_slider_stays_and_says_why(app, fake_map):
    at = app({"systems": "atacms,tomahawk", "from": "50.45,30.52"}).run()
    end = int(at.slider(key="max:atacms").max)
    at.number_input(key="num:max:atacms").set_value(end + 101).run()
    assert not at.exception
    assert at.number_input(key="num:max:atacms").value == end + 101  # kept as typed
    assert at.slider(key="max:atacms").value == 300  # not applied
    assert "range" not in at.query_params
    (why,) = [e.value for e in at.sidebar.error]
    assert f"{end + 101:,} km not applied" in why and f"at most {end:,} km" in why
    at.number_input(key="num:max:tomahawk").set_value(99999).run()
    assert at.number_input(key="num:max:tomahawk").value == 99999
    assert any("99,999 km not applied" in e.value for e in at.sidebar.error)
    # A figure within the ends is applied and the message goes.
    at.number_input(key="num:max:atacms").set_value(437).run()
    assert at.slider(key="max:atacms").value == 437
    assert not any("atacms" in e.value or "437" in e.value for e in at.sidebar.error)
    assert not any(f"{end + 101:,}" in e.value for e in at.sidebar.error)
