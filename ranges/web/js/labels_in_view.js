// LabelsInView (ranges/web/elements/labels_in_view.py): places the ring labels and place names
// on screen after every zoom, pan, resize or new layer. Ring labels first, in the order the
// server sent them (ranges/web/labels.py), then place names, largest first: each keeps its
// place if it is wholly on the map and covers no control, legend, marker (a launch point, the
// target of "Reach a target"; not the diamonds of a targets list, hundreds of which would leave
// a ring no place) or label placed before it, else takes the first of its places (data-spots:
// lat,lon,bearing;... on its rings; a name: the sides of its dot) where it does; a label with
// no such place is hidden (the legend still names its ring). At most `maxNames` place names
// show at once, and only those whose data-zoom is at most the map's zoom: a handful, not a
// carpet.
(function (map, maxNames) {
    var SIDES = {0: "n", 45: "ne", 90: "e", 135: "se", 180: "s", 225: "sw",
                 270: "w", 315: "nw"};
    var NAME_SIDES = ["e", "w", "ne", "nw", "se", "sw"];
    var queued = false;
    // The box of a label drawn on ``side`` of the point ``ll`` (as the rm-at-* classes
    // place it), in the map's pixels, from its measured size.
    function boxAt(ll, side, w, h) {
        var pt = map.latLngToContainerPoint(ll);
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
    // The controls, the legend and the launch points' and target's markers, in the map's
    // pixels: no label goes over them.
    function obstacles() {
        var root = map.getContainer().getBoundingClientRect(), out = [];
        var els = map.getContainer().querySelectorAll(
            ".leaflet-control, .rm-legend-box, .leaflet-marker-icon:not(.rm-label-anchor)" +
            ":not(.rm-name-anchor):not(.marker-cluster):not(.rm-target)");
        Array.prototype.forEach.call(els, function (el) {
            var r = el.getBoundingClientRect();
            if (r.width && r.height) {
                out.push({left: r.left - root.left - 2, top: r.top - root.top - 2,
                          right: r.right - root.left + 2, bottom: r.bottom - root.top + 2});
            }
        });
        return out;
    }
    function spotsOf(label) {
        if (label.dataset.spots) {
            var inward = label.dataset.ring && label.dataset.ring.split(",")[4] === "1";
            return label.dataset.spots.split(";").map(function (s) {
                var v = s.split(",").map(Number);
                return {ll: L.latLng(v[0], v[1]), bearing: v[2],
                        side: SIDES[inward ? (v[2] + 180) % 360 : v[2]] || "e"};
            });
        }
        return null;
    }
    function place() {
        queued = false;
        if (map._animatingZoom) { later(); return; }
        var size = map.getSize(), zoom = map.getZoom(), taken = obstacles();
        var rings = [], names = [];
        map.eachLayer(function (layer) {
            var el = layer.getElement && layer.getElement();
            var label = el && el.firstElementChild;
            if (!label || !label.classList) { return; }
            if (label.classList.contains("rm-ring-label")) { rings.push([layer, label, el]); }
            else if (label.classList.contains("rm-place-name")) {
                names.push([layer, label, el]);
            }
        });
        names.sort(function (a, b) {
            return Number(a[1].dataset.rank) - Number(b[1].dataset.rank);
        });
        var all = rings.concat(names);
        // Measure every label shown (one layout), then place them.
        all.forEach(function (p) { p[2].style.display = ""; });
        var sizes = all.map(function (p) { return [p[1].offsetWidth, p[1].offsetHeight]; });
        var shownNames = 0;
        all.forEach(function (p, i) {
            var layer = p[0], label = p[1], w = sizes[i][0], h = sizes[i][1];
            var isName = label.classList.contains("rm-place-name");
            var spots = spotsOf(label);
            if (!spots) {
                spots = NAME_SIDES.map(function (s) { return {ll: layer.getLatLng(), side: s}; });
            }
            if (isName && (shownNames >= maxNames || Number(label.dataset.zoom) > zoom)) {
                p[2].style.display = "none";
                return;
            }
            var at = Number(label.dataset.at || 0), order = [at];
            for (var k = 0; k < spots.length; k++) { if (k !== at) { order.push(k); } }
            var best = -1, box = null;
            for (var j = 0; j < order.length; j++) {
                var s = spots[order[j]];
                if (!s) { continue; }
                var b = boxAt(s.ll, s.side, w, h);
                if (inView(b, size) && clear(b, taken)) { best = order[j]; box = b; break; }
            }
            if (best < 0) { p[2].style.display = "none"; return; }
            taken.push(box);
            if (isName) { shownNames += 1; }
            if (best !== at || !label.dataset.at) {
                var spot = spots[best];
                label.dataset.at = String(best);
                label.className = label.className.replace(/\brm-at-\w+/, "rm-at-" + spot.side);
                if (spot.bearing !== undefined && label.dataset.ring) {
                    var r = label.dataset.ring.split(",");
                    r[3] = String(spot.bearing);
                    label.dataset.ring = r.join(",");
                }
                if (!layer.getLatLng().equals(spot.ll)) { layer.setLatLng(spot.ll); }
            }
        });
    }
    function later() { if (!queued) { queued = true; setTimeout(place, 0); } }
    map.on("zoomend moveend layeradd resize", later);
    later();
})
