// DrawingGuard (ranges/web/elements/drawing_guard.py): while a shape is being drawn, the map's
// click listeners are set aside (put back `clickPauseMs` after the drawing stops: the click
// that finishes a shape comes after draw:drawstop); a finished shape leaves the drawing layer
// `keepMs` after it was drawn (the app draws it again, as a launch area). The map's first report
// says "no drawings" as a list, as every later one does: streamlit-folium starts from null and
// turns it into the drawing layer's shapes ([]) at the first click on any marker or ring, a
// changed value that reran the app, whose new layers closed the popup that click had opened.
(function (map, keepMs, clickPauseMs) {
    var data = window.__GLOBAL_DATA__;
    if (data && data.all_drawings === null) {
        data.all_drawings = [];
    }
    var aside = [];
    map.on("draw:drawstart", function () {
        var listeners = (map._events && map._events.click) || [];
        aside = listeners.map(function (l) { return [l.fn, l.ctx]; });
        aside.forEach(function (l) { map.off("click", l[0], l[1]); });
    });
    map.on("draw:drawstop", function () {
        var back = aside;
        aside = [];
        setTimeout(function () {
            back.forEach(function (l) { map.on("click", l[0], l[1]); });
        }, clickPauseMs);
    });
    map.on("draw:created", function (e) {
        var layer = e.layer;
        setTimeout(function () {
            if (window.drawnItems && window.drawnItems.removeLayer) {
                window.drawnItems.removeLayer(layer);
            }
            layer.remove();
        }, keepMs);
    });
})
