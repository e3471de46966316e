// UnitScale (ranges/web/elements/unit_scale.py): Leaflet's scale bar in `unit` ("km", "mi" or
// "nmi"). Leaflet knows only metric and imperial: nautical miles replace its metric bar.
(function (map, unit) {
    var Scale = L.Control.Scale.extend({
        _updateMetric: function (maxMeters) {
            if (unit !== "nmi") {
                return L.Control.Scale.prototype._updateMetric.call(this, maxMeters);
            }
            var nmi = maxMeters / 1852, n = this._getRoundNum(nmi);
            this._updateScale(this._mScale, n + " nmi", n / nmi);
        }
    });
    new Scale({position: "bottomleft", metric: unit !== "mi",
               imperial: unit === "mi", maxWidth: 120})
        .addTo(map);
})
