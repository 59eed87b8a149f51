/* The live map's layout, in the browser (geo.render.webmap.Layout runs it once per map).

   1. The controls: on a frame narrower than `phone` px the list of layers and the legend fold into
      their titles (a tap opens them) and every box at the bottom (legend, notes, scale,
      attribution) goes into one column at the lower left, so that none covers another. On a wider
      frame too short for them all, the layers fold first, then the legend, then the column.
   2. The country: fitted as large as the frame allows with no control over a region or a symbol.
      Each corner's boxes are either cleared sideways, cleared above or below, or left where the
      country does not reach them; of these layouts the one with the largest zoom that leaves every
      box clear of every region wins. Fitted again whenever the frame changes size, until the
      reader zooms or drags the map themselves.
   3. The names: after every move, zoom and change of layers each region's name goes inside its
      region, then each place's name beside its symbols, each at the first position that overlaps
      no symbol, no box and no name already placed (a place's name yields to the regions' names
      and to the symbols' counts). A region's name with no room inside goes to the nearest free
      place (outside every other region if one is), with a line to its point; any other name with
      no free position is hidden.

   The layers register themselves on the map: `map.geoLabelLayers` ([{layer, kind: 'region' or
   'place'}]), and the region polygons carry the class geo-region and their feature, keyed by its
   property `key` (a region's code, or a cercle's when the map shades cercles). `options.bounds` is
   what the fit shows (the country, or the region zoomed to); `options.keys`, when given, the areas
   it keeps the boxes off (the region's cercles). */
(function (map, options) {
    var container = map.getContainer();
    var GAP = 8;                 // px between the country and a box, and from the frame's edges
    var fitting = false, userMoved = false;

    var boxOf = function (element) {
        var frame = container.getBoundingClientRect(), r = element.getBoundingClientRect();
        return {l: r.left - frame.left, t: r.top - frame.top, r: r.right - frame.left, b: r.bottom - frame.top};
    };
    var shown = function (element) {
        var r = element.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(element).visibility !== 'hidden';
    };
    var all = function (selector) {
        return [].slice.call(container.querySelectorAll(selector)).filter(shown);
    };
    var overlaps = function (a, b, gap) {
        gap = gap || 0;
        return a.l < b.r + gap && b.l < a.r + gap && a.t < b.b + gap && b.t < a.b + gap;
    };
    var grow = function (b, by) { return {l: b.l - by, t: b.t - by, r: b.r + by, b: b.b + by}; };

    // -- 1. the controls ------------------------------------------------------------------------
    var corner = function (name) { return container.querySelector('.leaflet-control-container ' + name); };
    var collide = function () {
        var boxes = all('.leaflet-control').map(boxOf);
        return boxes.some(function (a, i) { return boxes.slice(i + 1).some(function (b) { return overlaps(a, b, 2); }); });
    };
    var stack = function (column) {   // the bottom boxes in one column at the lower left, or back
        var legend = container.querySelector('.geo-legend');
        var attribution = container.querySelector('.leaflet-control-attribution');
        var bottom = corner(column ? '.leaflet-bottom.leaflet-left' : '.leaflet-bottom.leaflet-right');
        if (bottom && legend) { bottom.insertBefore(legend, bottom.firstChild); }   // the legend on top
        if (bottom && attribution) { bottom.appendChild(attribution); }            // the credits at the foot
        container.classList.toggle('geo-column', column);
    };
    var fold = function (layersFolded, legendFolded) {
        var layers = container.querySelector('.leaflet-control-layers');
        var legend = container.querySelector('.geo-legend');
        if (layers) { layers.classList.toggle('leaflet-control-layers-expanded', !layersFolded); }
        if (legend) {   // folded, a tap opens it (and a second folds it again)
            legend.classList.toggle('folded', legendFolded);
            legend.classList.toggle('foldable', legendFolded);
        }
    };
    var arranged = '';
    var arrange = function () {   // again only when the frame changes size: a reader's taps stay
        var size = map.getSize(), key = size.x + 'x' + size.y;
        if (key === arranged) { return; }
        arranged = key;
        container.classList.toggle('geo-phone', size.x < options.phone);   // smaller names
        if (size.x < options.phone) { stack(true); fold(true, true); return; }
        // a frame wide enough: everything open, then folded step by step while two boxes collide
        // (a short frame: the layers first, then the legend, then one column)
        stack(false);
        fold(false, false);
        if (collide()) { fold(true, false); }
        if (collide()) { fold(true, true); }
        if (collide()) { stack(true); }
    };
    var wireTaps = function () {
        var layers = container.querySelector('.leaflet-control-layers');
        var button = layers && layers.querySelector('.leaflet-control-layers-toggle');
        if (button) {
            button.addEventListener('click', function (event) {
                event.preventDefault();
                layers.classList.toggle('leaflet-control-layers-expanded');
            });
        }
        var legend = container.querySelector('.geo-legend');
        if (legend) {
            legend.addEventListener('click', function () {
                if (legend.classList.contains('foldable')) { legend.classList.toggle('folded'); }
            });
        }
    };

    // -- 2. the country -------------------------------------------------------------------------
    var rings = null;   // each region's rings: as Leaflet's points (`latlngs`) and as lng/lat pairs (`plain`)
    var flatten = function (latlngs, out) {
        if (latlngs.length && latlngs[0] instanceof L.LatLng) { out.push(latlngs); } else {
            latlngs.forEach(function (part) { flatten(part, out); });
        }
        return out;
    };
    var ringsByRegion = function () {
        if (!rings) {
            rings = {};
            map.eachLayer(function (layer) {
                if (layer.feature && layer.getLatLngs && String(layer.options.className).indexOf('geo-region') >= 0) {
                    var latlngs = flatten(layer.getLatLngs(), []);
                    var props = layer.feature.properties;
                    rings[props.key || props.iso_code] = {latlngs: latlngs, plain: latlngs.map(function (ring) {
                        return ring.map(function (ll) { return {x: ll.lng, y: ll.lat}; }); })};
                }
            });
        }
        return rings;
    };
    var symbolPoints = function () {
        var points = [];
        map.eachLayer(function (layer) {
            if (layer.geoSymbols) {
                layer.getLayers().forEach(function (marker) { points.push(marker.getLatLng()); });
            }
        });
        return points;
    };
    // does the segment p-q cross the box? (Liang-Barsky)
    var segmentHits = function (p, q, b) {
        var t0 = 0, t1 = 1, dx = q.x - p.x, dy = q.y - p.y;
        var edges = [[-dx, p.x - b.l], [dx, b.r - p.x], [-dy, p.y - b.t], [dy, b.b - p.y]];
        for (var i = 0; i < 4; i++) {
            var pe = edges[i][0], qe = edges[i][1];
            if (pe === 0) { if (qe < 0) { return false; } continue; }
            var r = qe / pe;
            if (pe < 0) { if (r > t1) { return false; } if (r > t0) { t0 = r; } } else {
                if (r < t0) { return false; } if (r < t1) { t1 = r; }
            }
        }
        return true;
    };
    var inside = function (x, y, polygon) {   // even-odd over all the rings of one region
        var odd = false;
        polygon.forEach(function (ring) {
            for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                var a = ring[i], c = ring[j];
                if ((a.y > y) !== (c.y > y) && x < (c.x - a.x) * (y - a.y) / (c.y - a.y) + a.x) { odd = !odd; }
            }
        });
        return odd;
    };
    var regionHitsBox = function (polygon, b) {
        for (var k = 0; k < polygon.length; k++) {
            var ring = polygon[k];
            for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
                if (segmentHits(ring[j], ring[i], b)) { return true; }
            }
        }
        return inside((b.l + b.r) / 2, (b.t + b.b) / 2, polygon);
    };
    var cornerBoxes = function () {
        var size = map.getSize(), out = [];
        ['.leaflet-top.leaflet-left', '.leaflet-top.leaflet-right', '.leaflet-bottom.leaflet-left',
         '.leaflet-bottom.leaflet-right'].forEach(function (name) {
            var boxes = [].slice.call((corner(name) || container).children).filter(shown).map(boxOf);
            if (!boxes.length) { return; }
            var left = name.indexOf('left') >= 0, top = name.indexOf('top') >= 0;
            out.push({boxes: boxes, side: left ? 'left' : 'right', end: top ? 'top' : 'bottom',
                      across: left ? Math.max.apply(null, boxes.map(function (b) { return b.r; }))
                                   : size.x - Math.min.apply(null, boxes.map(function (b) { return b.l; })),
                      down: top ? Math.max.apply(null, boxes.map(function (b) { return b.b; }))
                                : size.y - Math.min.apply(null, boxes.map(function (b) { return b.t; }))});
        });
        return out;
    };
    var layouts = function (corners) {   // every way of clearing each corner: not, sideways, above/below
        var out = [[]];
        corners.forEach(function () {
            var next = [];
            out.forEach(function (choice) { ['', 'x', 'y'].forEach(function (c) { next.push(choice.concat([c])); }); });
            out = next;
        });
        return out;
    };
    var fit = function () {
        var bounds = L.latLngBounds(options.bounds), size = map.getSize();
        if (!size.x || !size.y) { return; }
        var corners = cornerBoxes(), regions = ringsByRegion(), points = symbolPoints();
        var boxes = [].concat.apply([], corners.map(function (c) { return c.boxes; })).map(function (b) { return grow(b, 4); });
        var best = null;
        layouts(corners).forEach(function (choice, n) {
            var pad = {left: GAP, top: GAP, right: GAP, bottom: GAP};
            corners.forEach(function (c, i) {
                if (choice[i] === 'x') { pad[c.side] = Math.max(pad[c.side], c.across + GAP); }
                if (choice[i] === 'y') { pad[c.end] = Math.max(pad[c.end], c.down + GAP); }
            });
            if (pad.left + pad.right >= size.x - 40 || pad.top + pad.bottom >= size.y - 40) { return; }
            var view = map._getBoundsCenterZoom(bounds, {paddingTopLeft: [pad.left, pad.top],
                                                         paddingBottomRight: [pad.right, pad.bottom]});
            var origin = map.project(view.center, view.zoom).subtract(size.divideBy(2));
            var at = function (latlng) { return map.project(latlng, view.zoom).subtract(origin); };
            var covered = 0;
            Object.keys(regions).filter(function (code) {
                return !options.keys || options.keys.indexOf(code) >= 0;
            }).forEach(function (code) {
                var polygon = regions[code].latlngs.map(function (ring) { return ring.map(at); });
                boxes.forEach(function (b) { if (regionHitsBox(polygon, b)) { covered++; } });
            });
            points.forEach(function (latlng) {
                var p = at(latlng), symbol = {l: p.x - 24, t: p.y - 24, r: p.x + 24, b: p.y + 24};
                boxes.forEach(function (b) { if (overlaps(symbol, b)) { covered++; } });
            });
            // the fewest boxes over the country, then the largest zoom, then the fewest corners cleared
            var rank = [covered, -view.zoom, n];
            if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) {
                best = {rank: rank, view: view};
            }
        });
        if (!best) { best = {view: map._getBoundsCenterZoom(bounds, {padding: [GAP, GAP]})}; }
        map.setView(best.view.center, best.view.zoom, {animate: false});
    };
    var layout = function () {
        fitting = true;
        try {
            map.invalidateSize({pan: false});
            arrange();
            if (!userMoved) { fit(); }
        } finally {
            fitting = false;
        }
        declutter();
    };
    map.on('dragstart', function () { userMoved = true; });
    map.on('zoomstart', function () { if (!fitting) { userMoved = true; } });

    // -- 3. the names ---------------------------------------------------------------------------
    var REGION_STEPS = [[0, 0], [0, -20], [0, 20], [-30, 0], [30, 0], [0, -36], [0, 36], [-40, -20], [40, -20],
                        [-40, 20], [40, 20], [0, -54], [0, 54], [-64, 0], [64, 0], [-56, -40], [56, -40],
                        [-56, 40], [56, 40]];
    var LEADER_STEPS = [];   // rings around the point, 40 to 100 px out, 16 directions each
    [40, 55, 70, 85, 100].forEach(function (r) {
        for (var k = 0; k < 16; k++) {
            LEADER_STEPS.push([Math.round(r * Math.cos(k * Math.PI / 8)), Math.round(r * Math.sin(k * Math.PI / 8))]);
        }
    });
    var drawLeader = function (element, at, w, h) {   // a thin line from the point to the nearest edge of its name
        var line = element.querySelector('svg.geo-leader');
        if (!at) { if (line) { line.style.display = 'none'; } return; }
        if (!line) {
            line = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
            line.setAttribute('class', 'geo-leader');
            line.setAttribute('aria-hidden', 'true');
            line.innerHTML = '<line x1="0" y1="0" stroke="#4d4d4d" stroke-width="1.5"/><circle r="2.5" fill="#4d4d4d"/>';
            element.insertBefore(line, element.firstChild);
        }
        var x = Math.max(at[0], Math.min(0, at[0] + w)), y = Math.max(at[1], Math.min(0, at[1] + h));
        line.firstChild.setAttribute('x2', x);
        line.firstChild.setAttribute('y2', y);
        line.style.display = '';
    };
    var place = function (span, at) {   // `at`: the box's top-left, relative to the label's point
        span.style.transform = 'translate(' + Math.round(at[0]) + 'px, ' + Math.round(at[1]) + 'px)';
        span.style.visibility = '';
    };
    var regionCandidates = function (w, h, small, p, polygon) {
        if (small) {   // beside its point: lower left first, as the slide map draws it
            return [[-w - 6, 4], [-w - 8, -h / 2], [-w - 6, -h - 4], [-w / 2, 8], [-w / 2, -h - 8], [8, 4],
                    [8, -h - 4], [10, -h / 2], [-w - 30, 16], [-w / 2, 30], [-w / 2, -h - 30]];
        }
        var steps = REGION_STEPS.slice();
        if (polygon) {   // then every point of the region on an 8 px grid, the nearest first
            var points = [].concat.apply([], polygon.latlngs.map(function (ring) {
                return ring.map(function (ll) { return map.latLngToContainerPoint(ll); }); }));
            var xs = points.map(function (q) { return q.x; }), ys = points.map(function (q) { return q.y; });
            var grid = [];
            for (var x = Math.min.apply(null, xs); x <= Math.max.apply(null, xs); x += 8) {
                for (var y = Math.min.apply(null, ys); y <= Math.max.apply(null, ys); y += 8) {
                    grid.push([x - p.x, y - p.y]);
                }
            }
            grid.sort(function (a, b) { return a[0] * a[0] + a[1] * a[1] - b[0] * b[0] - b[1] * b[1]; });
            steps = steps.concat(grid.slice(0, 400));
        }
        return steps.map(function (s) { return [s[0] - w / 2, s[1] - h / 2]; });
    };
    var placeCandidates = function (w, h, p, own) {
        var u = own.reduce(function (a, b) {
            return {l: Math.min(a.l, b.l), t: Math.min(a.t, b.t), r: Math.max(a.r, b.r), b: Math.max(a.b, b.b)};
        }, {l: p.x - 6, t: p.y - 6, r: p.x + 6, b: p.y + 6});
        var right = u.r + 3 - p.x, left = u.l - 3 - w - p.x, above = u.t - 2 - h - p.y, below = u.b + 2 - p.y;
        return [[right, -h / 2], [left, -h / 2], [-w / 2, above], [-w / 2, below], [right, above + h / 2],
                [right, below - h / 2], [left, above + h / 2], [left, below - h / 2], [right, above], [left, above],
                [right, below], [left, below]];
    };
    var declutter = function () {
        var size = map.getSize(), frame = {l: 2, t: 2, r: size.x - 2, b: size.y - 2};
        var symbols = all('.geo-symbol, .marker-cluster').map(boxOf);
        var taken = symbols.concat(all('.leaflet-control').map(boxOf));
        var regions = ringsByRegion();
        var ordered = (map.geoLabelLayers || []).filter(function (entry) { return map.hasLayer(entry.layer); });
        ordered.sort(function (a, b) { return (a.kind === 'region' ? 0 : 1) - (b.kind === 'region' ? 0 : 1); });
        ordered.forEach(function (entry) {
            entry.layer.eachLayer(function (marker) {
                var element = marker.getElement(), span = element && element.querySelector('span');
                if (!span) { return; }
                var p = map.latLngToContainerPoint(marker.getLatLng());
                var w = span.offsetWidth, h = span.offsetHeight;
                var small = element.classList.contains('geo-small-label');
                var polygon = regions[marker.options.geoKey];
                var candidates = entry.kind === 'region' ? regionCandidates(w, h, small, p, polygon)
                    : placeCandidates(w, h, p, symbols.filter(function (s) {
                        return Math.abs((s.l + s.r) / 2 - p.x) < 24 && Math.abs((s.t + s.b) / 2 - p.y) < 24; }));
                var free = function (at) {
                    var b = {l: p.x + at[0], t: p.y + at[1], r: p.x + at[0] + w, b: p.y + at[1] + h};
                    return b.l >= frame.l && b.t >= frame.t && b.r <= frame.r && b.b <= frame.b
                        && !taken.some(function (o) { return overlaps(b, o, 2); });
                };
                var regionAt = function (at, across) {   // the region under a point of the name's middle line
                    var c = map.containerPointToLatLng([p.x + at[0] + w * (across || 0.5), p.y + at[1] + h / 2]);
                    return Object.keys(regions).filter(function (code) {
                        return inside(c.lng, c.lat, regions[code].plain); })[0] || '';
                };
                // in its region: the middle and the quarters of its middle line (a name whose middle only
                // touches its region's edge reads as the neighbour's, and the drawn edge differs a little)
                var within = function (at) {
                    return small || !polygon || [0.5, 0.25, 0.75].every(function (across) {
                        return regionAt(at, across) === marker.options.geoKey; });
                };
                var chosen = null, leader = false;
                for (var i = 0; i < candidates.length && !chosen; i++) {
                    if (free(candidates[i]) && within(candidates[i])) { chosen = candidates[i]; }
                }
                if (!chosen && entry.kind === 'region') {
                    // no room in (or beside) its region: the nearest free place with a line to its
                    // point, outside every other region if there is one
                    var ring = LEADER_STEPS.map(function (s) { return [s[0] - w / 2, s[1] - h / 2]; });
                    var open = ring.filter(free), clear = open.filter(function (at) {
                        var under = regionAt(at);
                        return under === '' || under === marker.options.geoKey;
                    });
                    chosen = clear[0] || open[0] || null;
                    leader = Boolean(chosen);
                }
                drawLeader(element, leader && chosen, w, h);
                if (chosen) {
                    place(span, chosen);
                    taken.push({l: p.x + chosen[0], t: p.y + chosen[1], r: p.x + chosen[0] + w, b: p.y + chosen[1] + h});
                } else {
                    span.style.visibility = 'hidden';
                }
            });
        });
    };
    var later = null;
    var soon = function () {   // after Leaflet (and the cluster plugin) have moved the symbols
        clearTimeout(later);
        later = setTimeout(declutter, 60);
        setTimeout(declutter, 450);
    };
    map.on('zoomend moveend overlayadd overlayremove', soon);
    map.eachLayer(function (layer) {   // the cluster plugin moves its symbols after the zoom has ended
        if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) { layer.on('animationend', soon); }
    });

    wireTaps();
    layout();
    var pending = null;
    var resized = function () { clearTimeout(pending); pending = setTimeout(layout, 80); };
    if (window.ResizeObserver) { new ResizeObserver(resized).observe(container); }
    setTimeout(layout, 300);   // the fonts and the boxes have their final size
    setTimeout(layout, 1200);
})
