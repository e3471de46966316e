"""Hostile text in the real browser: payloads in URL labels and in an uploaded catalogue.

Every payload of :data:`tests.test_escaping.PAYLOADS` goes where a user can put it (launch-point
and target labels in the URL; system names, sources, quotes, notes, aliases in a catalogue
upload) and is then shown everywhere the app shows it: the legend, the warnings, the sidebar,
the tabs, and in the map's iframe the ring, marker and city tooltips, the popups and the layer
control; then the exported KML and HTML map. In both frames no script may run (``__pwned`` stays
undefined, no dialog opens), no element may be injected, and the payload must read as the text
it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from harness.pages import (
    MAP_FRAME,
    download,
    map_frame,
    query,
    wait_for_rings,
    wait_settled,
    wait_until,
)
from harness.server import localhost_only
from ranges.text import WORD_JOINER
from tests.test_escaping import (
    CATALOGUE_PAYLOADS,
    PAYLOADS,
    REJECTED_AS_LABEL,
    accepted_label,
    hostile_catalogue_yaml,
)

ATACMS = "MGM-140 ATACMS"
KML = "{http://www.opengis.net/kml/2.2}"

# Elements or attributes that only an injected payload would make (both frames).
INJECTED_JS = """(rootSelector) => {
    const root = rootSelector ? document.querySelector(rootSelector) : document;
    const bad = [];
    const note = e => bad.push(e.outerHTML.slice(0, 160));
    if (!root) return {pwned: null, bad};
    root.querySelectorAll(
        'img[src="x"], img[src*="evil"], svg[onload], iframe[srcdoc], [onerror], [onload], ' +
        'a[href^="javascript" i], a[href*="evil.example"]').forEach(note);
    root.querySelectorAll('a, b').forEach(e => {
        if (e.textContent === 'x' || /^A{20}/.test(e.textContent)) note(e); });
    root.querySelectorAll('script').forEach(s => {
        if (/^\\s*(window|parent)\\.__pwned=1\\s*$/.test(s.textContent)) note(s); });
    return {pwned: window.__pwned === undefined ? null : String(window.__pwned), bad};
}"""
SIDEBAR = '[data-testid="stSidebar"]'


def norm(text: str) -> str:
    """Text as compared here: whitespace collapsed, word joiners (``markdown_text`` puts one
    where Markdown would make a link) dropped."""
    return " ".join(text.replace(WORD_JOINER, "").split())


class Watch:
    """Dialogs and uncaught errors of a page (its frames included)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def assert_inert(self, *, skip_sidebar: bool = False) -> None:
        """No script ran and nothing was injected, in every frame of the page."""
        assert self.dialogs == []
        assert not [e for e in self.errors if "pwned" in e or "SyntaxError" in e], self.errors
        for frame in self.page.frames:
            found = frame.evaluate(INJECTED_JS, None)
            assert found["pwned"] is None, frame.url
            if skip_sidebar and frame == self.page.main_frame:
                in_sidebar = frame.evaluate(INJECTED_JS, SIDEBAR)["bad"]
                found["bad"] = [b for b in found["bad"] if b not in in_sidebar]
            assert found["bad"] == [], (frame.url, found["bad"])


# --- hovering what Leaflet draws -----------------------------------------------------------------

# A point of the i-th element matching the selector that the mouse would reach (not covered).
_REACHABLE_JS = """([selector, index]) => {
    const el = document.querySelectorAll(selector)[index];
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const hit = (x, y) => { const top = document.elementFromPoint(x, y);
                            return top && (top === el || el.contains(top)); };
    const cx = r.left + r.width / 2;
    for (let y = Math.max(r.top, 0) + 1; y < Math.min(r.bottom, innerHeight); y += 1)
        for (const x of [cx, cx - r.width / 4, cx + r.width / 4])
            if (hit(x, y)) return [x, y];
    return null;
}"""


LAUNCH_MARKERS = ".leaflet-marker-icon:not(.rm-label-anchor)"  # not the ring labels


def hover(page: Page, frame: Frame, selector: str, index: int) -> tuple[float, float]:
    """Move the mouse onto a visible part of an element of the map; the point, in the page."""
    iframe = page.locator(MAP_FRAME)
    iframe.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        "       if (r.top < 0 || r.bottom > innerHeight) e.scrollIntoView({block: 'center'}); }"
    )
    spot = frame.evaluate(_REACHABLE_JS, [selector, index])
    assert spot is not None, f"{selector}[{index}] cannot be reached with the mouse"
    box = iframe.bounding_box()
    assert box is not None
    x, y = box["x"] + spot[0], box["y"] + spot[1]
    page.mouse.move(x, y)
    return x, y


def hover_all(page: Page, frame: Frame, selector: str) -> list[str]:
    """The text of the tooltip each element matching ``selector`` opens under the mouse."""
    shown = []
    for i in range(frame.locator(selector).count()):
        page.mouse.move(1, 1)  # off the map: the last tooltip closes
        frame.wait_for_function("() => !document.querySelector('.leaflet-tooltip')")
        hover(page, frame, selector, i)
        handle = frame.wait_for_function(
            "() => { const t = document.querySelectorAll('.leaflet-tooltip');"
            "        return t.length === 1 && t[0].innerText; }",
            timeout=5_000,
        )
        shown.append(norm(handle.json_value()))
    page.mouse.move(1, 1)
    return shown


def layer_control(page: Page, frame: Frame) -> str:
    hover(page, frame, ".leaflet-control-layers-toggle", 0)  # it opens under the mouse
    overlays = frame.locator(".leaflet-control-layers-overlays")
    overlays.wait_for(state="visible", timeout=5_000)
    text = overlays.inner_text()
    page.mouse.move(1, 1)
    return norm(text)


# --- the exports ---------------------------------------------------------------------------------


def export_text(page: Page, button: str) -> str:
    """The text of the file a download button of the Export tab gives."""
    return download(page, "Export", button).decode("utf-8")


def open_exported_html(browser: Browser, server: str, text: str) -> tuple[Page, Watch]:
    """The downloaded map in a fresh page (standalone: its code is inside; localhost only)."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    context.route("**/*", localhost_only)
    page = context.new_page()
    watch = Watch(page)
    page.set_content(text, wait_until="load")
    page.wait_for_function("() => window.L && document.querySelector('.leaflet-container')")
    return page, watch


def exported_map_texts(page: Page) -> dict[str, list[str]]:
    """Every tooltip and popup of the exported map, opened one by one, and the legend."""
    return page.evaluate(
        """() => {
        const map = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))];
        const out = {tips: [], popups: [], legend: [], control: []};
        const read = sel => Array.from(document.querySelectorAll(sel)).map(e => e.innerText);
        const text = t => t.getElement().innerText;
        map.eachLayer(l => {
            if (l instanceof L.Marker) {
                l.openTooltip(); out.tips.push(text(l.getTooltip())); l.closeTooltip();
                l.openPopup(); out.popups.push(l.getPopup().getElement()
                    .querySelector('.leaflet-popup-content').innerText); l.closePopup();
            } else if (l instanceof L.Polygon && l.feature) {  // GeoJSON: its group's tooltip
                const group = Object.values(l._eventParents || {}).find(p => p.getTooltip());
                l.fire('mouseover', {latlng: l.getBounds().getCenter()}, true);
                out.tips.push(text(group.getTooltip()));
                l.fire('mouseout', {}, true);
            }
        });
        out.legend = read('.rm-legend-box');
        out.control = read('.leaflet-control-layers-overlays');
        return out;
    }"""
    )


# --- URLs ----------------------------------------------------------------------------------

LABEL_KEYS = [k for k in PAYLOADS if k not in REJECTED_AS_LABEL]
TARGET_LABEL = "![x](x) <img src=x onerror=alert(1)> {{7*7}} `${1}`"


def grid(i: int) -> tuple[float, float]:
    """Launch points 3.5 degrees of latitude and 7 of longitude apart: rings 300 km wide do
    not cover each other."""
    return 45.0 + 3.5 * (i // 5), 18.0 + 7.0 * (i % 5)


def places() -> list[str]:
    return [f"{lat:.4f}°N {lon:.4f}°E" for lat, lon in map(grid, range(len(LABEL_KEYS)))]


def grid_cells(page: Page) -> list[str]:
    """The text of the data-frame cells Streamlit's grid renders for screen readers (its
    picture is a canvas)."""
    return page.locator('[data-testid="stDataFrame"] td').all_inner_texts()


def hostile_url(server: str) -> str:
    values = [f"{grid(i)[0]},{grid(i)[1]},{PAYLOADS[k]}" for i, k in enumerate(LABEL_KEYS)]
    values += [f"50,30,{PAYLOADS[k]}" for k in sorted(REJECTED_AS_LABEL)]  # refused: warnings
    values += [PAYLOADS["img-onerror"], "1," + "<b>" * 2_000]  # no coordinates; too long
    parts = [f"from={quote(v, safe='')}" for v in values]
    parts += ["systems=atacms", "view=51,32,4", "minpop=2000000"]
    parts.append("target=" + quote(f"47,36,{TARGET_LABEL}", safe=""))
    return f"{server}/?" + "&".join(parts)


def test_hostile_labels_in_a_url_render_as_text(server: str, browser: Browser, page: Page):
    watch = Watch(page)
    page.goto(hostile_url(server))
    frame = map_frame(page)
    labels = [accepted_label(PAYLOADS[k]) for k in LABEL_KEYS]
    points = [grid(i) for i in range(len(labels))]
    markers = [norm(f"{label} {where}") for label, where in zip(labels, places(), strict=True)]
    wait_for_rings(frame, len(labels))
    wait_settled(page, frame)  # the places marked: no rerun left to redraw what is hovered

    # Refused: control characters, no coordinates, too long. Each says so in a warning, as text.
    warnings = norm(" ".join(page.locator('[data-testid="stAlert"]').all_inner_texts()))
    assert "control characters" in warnings
    assert "a ![x](x) <b>x</b>" in warnings  # the refused label, shown literally
    assert "'<img src=x onerror=\"window.__pwned=1\">' dropped" in warnings
    assert "over 4,000 characters dropped" in warnings
    assert query(page)["from"] == [  # the kept labels, as given, back in the URL
        f"{lat:g},{lon:g},{label}" for (lat, lon), label in zip(points, labels, strict=True)
    ]
    sidebar_labels = page.locator('[data-testid="stSidebar"] input[type="text"]').evaluate_all(
        "els => els.map(e => e.value)"
    )
    # the first is "Add a launch point"; the launch areas' boxes come after the points'
    assert sidebar_labels[1 : 1 + len(labels)] == labels, sidebar_labels

    # In the map: the rings, the launch markers and the target marker, hovered one by one.
    ring_tips = hover_all(page, frame, "path.rm-ring")
    assert sorted(t.split(" from ", 1)[1].split(" Source:")[0] for t in ring_tips) == sorted(
        norm(label) for label in labels
    )
    assert all(t.startswith(ATACMS) for t in ring_tips)
    marker_tips = hover_all(page, frame, LAUNCH_MARKERS)
    assert marker_tips == markers
    target_tips = hover_all(page, frame, ".awesome-marker.leaflet-interactive")  # the target
    assert target_tips == [norm(f"Target: {TARGET_LABEL} 47.0000°N 36.0000°E")]
    region_tips = hover_all(page, frame, "path.rm-launch-region")
    assert region_tips == [
        f"{ATACMS} can reach {norm(TARGET_LABEL)} from inside this line (300 km)"
    ]
    city_tips = hover_all(page, frame, "path.rm-city")
    assert city_tips and all(any(f"from {norm(x)}" in t for x in labels) for t in city_tips)
    # Popups: a real click on the launch markers with the sharpest payloads, and the target.
    # The map's report already says "no drawings" as a click on a marker would: that click
    # changes nothing the app is told, so no run comes to redraw the layers and close its
    # popup (streamlit-folium's first report said null, the first click [], and that run
    # closed the first popup: seen under load, where it came before the popup was read).
    assert frame.evaluate("() => window.__GLOBAL_DATA__.previous_data.all_drawings") == []
    for key in ("script", "attr-double", "backtick", "template", "end-script", "jinja"):
        i = LABEL_KEYS.index(key)
        page.mouse.click(*hover(page, frame, LAUNCH_MARKERS, i))
        frame.wait_for_selector(".leaflet-popup-content", timeout=5_000)
        assert norm(frame.locator(".leaflet-popup-content").inner_text()) == markers[i], key
        frame.locator(".leaflet-popup-close-button").click()
        frame.wait_for_selector(".leaflet-popup", state="detached", timeout=5_000)
    assert len(query(page)["from"]) == len(labels)  # no click reached the map itself
    assert ATACMS in layer_control(page, frame)
    watch.assert_inert()

    # The tables: cities by nearest launch point, then launch points against the target.
    cells = grid_cells(page)
    assert ATACMS in cells and [c for c in cells if c in labels], cells
    page.get_by_role("tab", name="Reach a target").click()
    target_text = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Target:")
    assert f"Target: {TARGET_LABEL} (" in norm(target_text.first.inner_text())
    wait_until(lambda: labels[0] in grid_cells(page), what="the target table")
    assert len([c for c in grid_cells(page) if c in labels]) >= 5

    # The exports: KML keeps every label as text; the HTML map shows them inert.
    kml = ET.fromstring(export_text(page, "KML (Google Earth)"))
    names = [m.find(f"{KML}name").text for m in kml.iter(f"{KML}Placemark")]
    assert names == [f"{ATACMS} from {label}" for label in labels]
    exported, export_watch = open_exported_html(browser, server, export_text(page, "HTML map"))
    try:
        texts = exported_map_texts(exported)
        marker_texts = [norm(t) for t in texts["tips"] if "°N" in t and ATACMS not in t]
        assert marker_texts == markers
        assert [norm(t) for t in texts["popups"]] == marker_texts
        ring_texts = [norm(t) for t in texts["tips"] if t.startswith(ATACMS)]
        assert len(ring_texts) == len(labels)
        assert ATACMS in norm(" ".join(texts["legend"]))
        export_watch.assert_inert()
    finally:
        exported.context.close()
    watch.assert_inert()


# --- a catalogue upload --------------------------------------------------------------------

CATALOGUE_KEYS = list(CATALOGUE_PAYLOADS)
FILE_NAME = "hostile <img src=x onerror=alert(1)> [a](b) :smile: .yaml"


@pytest.fixture(scope="module")
def catalogue_page(server: str, browser: Browser, tmp_path_factory) -> Iterator[tuple[Page, Watch]]:
    """The app after uploading a catalogue whose every text field holds a payload."""
    path = tmp_path_factory.mktemp("catalogue") / FILE_NAME
    path.write_text(hostile_catalogue_yaml(), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", localhost_only)
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{server}/?systems=&from=50.45,30.52,Kyiv&view=50.45,30.52,3&minpop=5000000")
    frame = map_frame(page)
    wait_settled(page, frame)  # no rerun to lose the file
    page.get_by_role("tab", name="Catalogue").click()
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Catalogue file")
    uploader.locator('input[type="file"]').set_input_files(str(path))
    wait_until(
        lambda: len(query(page).get("systems", [""])[0].split(",")) == len(CATALOGUE_KEYS),
        what="the uploaded systems in the URL",
    )
    assert len(wait_for_rings(frame, len(CATALOGUE_KEYS))) == len(CATALOGUE_KEYS)
    wait_settled(page, frame)  # nothing left to redraw what the tests hover
    try:
        yield page, watch
    finally:
        context.close()


def test_hostile_catalogue_text_renders_as_text_on_the_map(catalogue_page, server, browser):
    page, watch = catalogue_page
    frame = map_frame(page)
    names = [norm(f"N{i} {PAYLOADS[k]}") for i, k in enumerate(CATALOGUE_KEYS)]
    titles = [norm(f"T{i} {PAYLOADS[k]}") for i, k in enumerate(CATALOGUE_KEYS)]
    info = norm(" ".join(page.locator('[data-testid="stAlert"]').all_inner_texts()))
    assert f"Loaded {len(CATALOGUE_KEYS)} systems from {FILE_NAME}." in info

    legend = norm(page.locator(".rm-legend").inner_text())
    for name in names:
        assert name in legend, name
    control = layer_control(page, frame)
    for name in names:
        assert name in control, name
    # Nested rings, the largest first: each shows as a band around the next.
    tips = hover_all(page, frame, "path.rm-ring")
    assert len(tips) == len(names)
    for tip, name, title in zip(tips, names, titles, strict=True):
        assert tip.startswith(name) and tip.endswith(f"from Kyiv Source: {title}"), tip
    watch.assert_inert(skip_sidebar=True)

    exported, export_watch = open_exported_html(browser, server, export_text(page, "HTML map"))
    try:
        texts = exported_map_texts(exported)
        legend = norm(" ".join(texts["legend"]))
        control = norm(" ".join(texts["control"]))
        ring_texts = [norm(t) for t in texts["tips"] if "Source:" in t]
        for name, title in zip(names, titles, strict=True):
            assert name in legend and name in control, name
            assert any(t.startswith(name) and t.endswith(title) for t in ring_texts), name
        export_watch.assert_inert()
    finally:
        exported.context.close()
    watch.assert_inert(skip_sidebar=True)


def test_hostile_catalogue_text_renders_as_text_in_the_sidebar(catalogue_page):
    page, watch = catalogue_page
    sidebar = page.locator(SIDEBAR)
    checkboxes = norm(" ".join(sidebar.locator('[data-testid="stCheckbox"]').all_inner_texts()))
    expanders = sidebar.locator(
        '[data-testid="stExpander"] summary [data-testid="stMarkdownContainer"]'
    ).all_inner_texts()
    expanders = [e for e in expanders if e != "Targets"]  # the sidebar's own, not a catalogue's
    captions = sidebar.locator('[data-testid="stCaptionContainer"]').filter(has_text="Catalogue:")
    shown = [norm(c) for c in captions.all_inner_texts()]
    assert [norm(e) for e in expanders] == [
        norm(f"N{i} {PAYLOADS[k]}") for i, k in enumerate(CATALOGUE_KEYS)
    ]
    for i, key in enumerate(CATALOGUE_KEYS):
        assert norm(f"N{i} {PAYLOADS[key]}") in checkboxes, key
        # the source, then its date (issue 22: the caption cites "Title (date)"; here both hostile)
        assert shown[i].endswith(norm(f" · T{i} {PAYLOADS[key]} ({PAYLOADS[key]})")), key
    # The quote, in the caption's help tooltip.
    for key in ("md-image", "md-link", "md-autolink", "backtick", "streamlit"):
        i = CATALOGUE_KEYS.index(key)
        page.mouse.move(1, 1)
        captions.nth(i).locator('[data-testid="stTooltipHoverTarget"]').hover()
        tip = page.locator('[data-testid="stTooltipContent"]')
        expect(tip).to_be_visible(timeout=5_000)
        # Issue 22's help: the cited source and its quote, then the notes, every one as text.
        text = PAYLOADS[key]
        assert norm(tip.inner_text()) == norm(f"T{i} {text} ({text}): “Q{i} {text}” {text} {key}")
        watch.assert_inert()
    watch.assert_inert()
