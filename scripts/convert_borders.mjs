// One-off conversion of world-atlas's Natural Earth TopoJSON to the GeoJSON kept in
// static/borders/ (see static/borders/README.md). Not part of the build: the output is
// committed, so the app and the tests never need node_modules to read borders.
//
//   npm ci --no-audit --no-fund --ignore-scripts
//   node scripts/convert_borders.mjs [50m|110m] [decimals] > static/borders/countries-50m.geojson
//
// Keeps each country's name as the only property (names are unique; world-atlas's ids
// are not, nor always present, so they are dropped), rounds coordinates, drops repeated
// points that rounding creates and rings left with fewer than four positions.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const resolution = process.argv[2] ?? "50m";
const decimals = Number(process.argv[3] ?? "3");
if (!["10m", "50m", "110m"].includes(resolution) || !(decimals >= 0 && decimals <= 8)) {
  console.error("usage: node scripts/convert_borders.mjs [10m|50m|110m] [decimals 0-8]");
  process.exit(2);
}
const topoPath = require.resolve(`world-atlas/countries-${resolution}.json`);
const version = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"), "utf8")).version;
const topology = JSON.parse(readFileSync(topoPath, "utf8"));
const collection = feature(topology, topology.objects.countries);

const scale = 10 ** decimals;
const round = (v) => Math.round(v * scale) / scale;
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

function ring(positions) {
  const out = [];
  for (const [lon, lat] of positions) {
    const p = [clamp(round(lon), -180, 180), clamp(round(lat), -90, 90)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length && (first[0] !== last[0] || first[1] !== last[1])) out.push([...first]);
  return out.length >= 4 ? out : null;
}

function polygon(rings) {
  const kept = [];
  for (let i = 0; i < rings.length; i++) {
    const r = ring(rings[i]);
    if (r) kept.push(r);
    else if (i === 0) return null; // no exterior ring, no polygon
  }
  return kept;
}

function geometry(g) {
  if (!g) return null;
  if (g.type === "Polygon") {
    const p = polygon(g.coordinates);
    return p ? { type: "Polygon", coordinates: p } : null;
  }
  if (g.type === "MultiPolygon") {
    const ps = g.coordinates.map(polygon).filter(Boolean);
    if (ps.length === 0) return null;
    return ps.length === 1
      ? { type: "Polygon", coordinates: ps[0] }
      : { type: "MultiPolygon", coordinates: ps };
  }
  throw new Error(`unexpected geometry type ${g.type}`);
}

const features = [];
for (const f of collection.features) {
  const g = geometry(f.geometry);
  const name = f.properties?.name;
  if (!g || !name) {
    console.error(`skipped ${f.id ?? "?"} ${name ?? "(no name)"}: ${g ? "no name" : "no geometry left"}`);
    continue;
  }
  features.push({ type: "Feature", properties: { name }, geometry: g });
}
features.sort((a, b) => a.properties.name.localeCompare(b.properties.name, "en"));
const names = new Set(features.map((f) => f.properties.name));
if (names.size !== features.length) throw new Error("country names are not unique");

const fc = {
  type: "FeatureCollection",
  // Provenance travels with the data; see static/borders/README.md.
  metadata: {
    source: `Natural Earth ${resolution} admin 0 countries, via world-atlas ${version} countries-${resolution}.json`,
    licence: "Natural Earth: public domain. world-atlas: ISC, Mike Bostock.",
    coordinate_decimals: decimals,
  },
  features,
};
// One feature per line: small diffs if the file is ever regenerated.
process.stdout.write(
  '{"type":"FeatureCollection","metadata":' + JSON.stringify(fc.metadata) + ',"features":[\n' +
    features.map((f) => JSON.stringify(f)).join(",\n") +
    "\n]}\n",
);
console.error(`${features.length} features from ${topoPath}`);
