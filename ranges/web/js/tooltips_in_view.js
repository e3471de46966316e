// TooltipsInView (ranges/web/elements/tooltips_in_view.py): every tooltip of the page, once
// Leaflet has placed it (beside the pointer or its marker), is moved back inside the map if it
// runs over an edge: a ring's tooltip near the map's top ran 58 px above it, cut off.
(function (map) {
    var proto = L.Tooltip.prototype;
    if (proto.rmInView) { return; }
    var setPosition = proto._setPosition;
    proto._setPosition = function (pos) {
        setPosition.call(this, pos);
        var owner = this._map, el = this._container;
        if (!owner || !el) { return; }
        var box = el.getBoundingClientRect();
        var root = owner.getContainer().getBoundingClientRect();
        var pad = 4, dx = 0, dy = 0;
        if (box.height + 2 * pad <= root.height) {
            if (box.top < root.top + pad) { dy = root.top + pad - box.top; }
            else if (box.bottom > root.bottom - pad) { dy = root.bottom - pad - box.bottom; }
        }
        if (box.width + 2 * pad <= root.width) {
            if (box.left < root.left + pad) { dx = root.left + pad - box.left; }
            else if (box.right > root.right - pad) { dx = root.right - pad - box.right; }
        }
        if (dx || dy) {
            L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add(L.point(dx, dy)));
        }
    };
    proto.rmInView = true;
})
