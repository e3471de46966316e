// FitRings (ranges/web/elements/fit_rings.py): once, when the first rings (paths of class
// rm-ring) are on a map smaller than `small` ([width, height], px) that does not show them
// whole, fit the view to them. Later rings (a slider moved) never move the view.
(function (map, small) {
    var done = false, queued = false;
    function fit() {
        queued = false;
        if (done) { return; }
        var bounds = null;
        map.eachLayer(function (layer) {
            var cls = layer.options && layer.options.className;
            if (layer.getBounds && cls && /\brm-ring\b/.test(cls)) {
                bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(
                    layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
            }
        });
        var size = map.getSize();
        if (!bounds || !size.x || !size.y) { return; }  // not yet: a later layer or resize
        done = true;
        map.off("layeradd resize", later);
        if (size.x >= small[0] && size.y >= small[1]) { return; }
        if (map.getBounds().contains(bounds)) { return; }
        map.fitBounds(bounds, {padding: [6, 6], animate: false});
    }
    function later() { if (!queued) { queued = true; setTimeout(fit, 0); } }
    map.on("layeradd resize", later);
    later();
})
