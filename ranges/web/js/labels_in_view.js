// LabelsInView (ranges/web/elements/labels_in_view.py): keeps ring labels on screen. After
// every zoom, pan or new layer, a label whose box is not wholly on the map moves to the first of
// the same bearings where it is, and where it covers no other label if there is such a place.
// Each label carries its ring in data-ring (launch lat, lon, range in m, bearing, inward).
(function (map) {
    var ORDER = [90, 270, 45, 135, 315, 225, 0, 180];
    var SIDES = {0: "n", 45: "ne", 90: "e", 135: "se", 180: "s", 225: "sw",
                 270: "w", 315: "nw"};
    var R = 6371008.8, D = Math.PI / 180, queued = false;
    function on(lat, lon, bearing, metres) {
        var p1 = lat * D, t = bearing * D, d = metres / R;
        var p2 = Math.asin(Math.sin(p1) * Math.cos(d) +
                           Math.cos(p1) * Math.sin(d) * Math.cos(t));
        var dl = Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1),
                            Math.cos(d) - Math.sin(p1) * Math.sin(p2));
        return L.latLng(p2 / D, lon + dl / D);
    }
    // The box of a label drawn on ``side`` of the point ``ll`` (as the rm-at-*
    // classes place it), in the map's pixels. Measured, not assumed: a phone's map is
    // narrower than "Storm Shadow / SCALP-EG · 250 km" is long on many sides.
    function boxAt(ll, side, label) {
        var pt = map.latLngToContainerPoint(ll);
        var w = label.offsetWidth || 150, h = label.offsetHeight || 18;
        var gap = side.length === 1 ? 4 : 2, left, top;
        if (side.indexOf("e") >= 0) { left = pt.x + gap; }
        else if (side.indexOf("w") >= 0) { left = pt.x - gap - w; }
        else { left = pt.x - w / 2; }
        if (side.indexOf("n") >= 0) { top = pt.y - gap - h; }
        else if (side.indexOf("s") >= 0) { top = pt.y + gap; }
        else { top = pt.y - h / 2; }
        return {left: left, top: top, right: left + w, bottom: top + h};
    }
    function inView(b, size) {
        var pad = 4;
        return b.left >= pad && b.top >= pad && b.right <= size.x - pad &&
               b.bottom <= size.y - pad;
    }
    function clear(b, taken) {
        return taken.every(function (o) {
            return b.right <= o.left || b.left >= o.right || b.bottom <= o.top ||
                   b.top >= o.bottom;
        });
    }
    function place() {
        queued = false;
        var size = map.getSize(), taken = [], moving = [];
        // Labels in view where they are stay; the others then move, each to the first
        // of the same bearings where it is in view and covers no other label (else
        // the first where it is in view at all).
        map.eachLayer(function (layer) {
            var el = layer.getElement && layer.getElement();
            var label = el && el.firstElementChild;
            if (!label || !label.dataset || !label.dataset.ring) { return; }
            var r = label.dataset.ring.split(",").map(Number);
            var sideOf = function (b) { return SIDES[r[4] ? (b + 180) % 360 : b]; };
            var here = boxAt(layer.getLatLng(), sideOf(r[3]), label);
            if (inView(here, size)) { taken.push(here); return; }
            moving.push({layer: layer, label: label, r: r, sideOf: sideOf});
        });
        moving.forEach(function (m) {
            var best = null;
            for (var i = 0; i < ORDER.length; i++) {
                var ll = on(m.r[0], m.r[1], ORDER[i], m.r[2]);
                var b = boxAt(ll, m.sideOf(ORDER[i]), m.label);
                if (!inView(b, size)) { continue; }
                var spot = {bearing: ORDER[i], ll: ll, box: b};
                if (clear(b, taken)) { best = spot; break; }
                best = best || spot;
            }
            if (!best) { return; }  // no place on its ring is in view: it stays
            m.r[3] = best.bearing;
            m.label.dataset.ring = m.r.join(",");
            m.label.className = "rm-ring-label rm-at-" + m.sideOf(best.bearing);
            m.layer.setLatLng(best.ll);
            taken.push(best.box);
        });
    }
    function later() { if (!queued) { queued = true; setTimeout(place, 0); } }
    map.on("zoomend moveend layeradd resize", later);
    later();
})
