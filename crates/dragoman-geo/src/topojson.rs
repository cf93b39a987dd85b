//! Country points from Natural Earth's TopoJSON outlines: the area centroid
//! of each country's largest polygon, so that France is placed in France and
//! not between Paris and French Guiana.

use std::collections::HashMap;

use serde::Deserialize;

use crate::GeoError;

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<[f64; 2]>>,
    transform: Option<Transform>,
    objects: HashMap<String, GeometryCollection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct GeometryCollection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    #[serde(default)]
    arcs: serde_json::Value,
}

/// ISO 3166 numeric code (as written in the file, e.g. "368") → (latitude,
/// longitude) of the largest polygon's centroid.
pub(crate) fn country_centroids(json: &str) -> Result<HashMap<String, (f64, f64)>, GeoError> {
    let topology: Topology = serde_json::from_str(json).map_err(|error| GeoError::Source {
        file: "countries-50m.json",
        problem: error.to_string(),
    })?;
    let arcs = decode_arcs(&topology);
    // Several features may share a country code (Natural Earth gives
    // Ashmore and Cartier Islands Australia's): the largest polygon of
    // them all decides.
    let mut largest_by_id: HashMap<String, (f64, f64, f64)> = HashMap::new();
    let Some(countries) = topology.objects.get("countries") else {
        return Ok(HashMap::new());
    };
    for geometry in &countries.geometries {
        let Some(id) = &geometry.id else { continue };
        let polygons: Vec<Vec<Vec<i64>>> = match geometry.kind.as_str() {
            "Polygon" => serde_json::from_value(geometry.arcs.clone())
                .map(|polygon| vec![polygon])
                .unwrap_or_default(),
            "MultiPolygon" => serde_json::from_value(geometry.arcs.clone()).unwrap_or_default(),
            _ => Vec::new(),
        };
        let largest = polygons
            .iter()
            .filter_map(|polygon| polygon.first())
            .map(|ring| ring_points(ring, &arcs))
            .filter_map(|ring| area_centroid(&ring))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some(candidate) = largest {
            let kept = largest_by_id.entry(id.clone()).or_insert(candidate);
            if candidate.0 > kept.0 {
                *kept = candidate;
            }
        }
    }
    Ok(largest_by_id
        .into_iter()
        .map(|(id, (_, latitude, longitude))| (id, (latitude, longitude)))
        .collect())
}

/// Arcs in degrees: quantised files store deltas from the previous point.
fn decode_arcs(topology: &Topology) -> Vec<Vec<[f64; 2]>> {
    topology
        .arcs
        .iter()
        .map(|arc| match &topology.transform {
            Some(transform) => {
                let (mut x, mut y) = (0.0, 0.0);
                arc.iter()
                    .map(|delta| {
                        x += delta[0];
                        y += delta[1];
                        [
                            x * transform.scale[0] + transform.translate[0],
                            y * transform.scale[1] + transform.translate[1],
                        ]
                    })
                    .collect()
            }
            None => arc.clone(),
        })
        .collect()
}

/// A ring's points: arc `i` forwards, `!i` (written as a negative) backwards;
/// consecutive arcs share their joining point.
fn ring_points(ring: &[i64], arcs: &[Vec<[f64; 2]>]) -> Vec<[f64; 2]> {
    let mut points: Vec<[f64; 2]> = Vec::new();
    for &reference in ring {
        let (index, reversed) = if reference < 0 {
            ((!reference) as usize, true)
        } else {
            (reference as usize, false)
        };
        let Some(arc) = arcs.get(index) else { continue };
        let mut arc_points = arc.clone();
        if reversed {
            arc_points.reverse();
        }
        let skip = usize::from(!points.is_empty());
        points.extend(arc_points.into_iter().skip(skip));
    }
    points
}

/// (area, latitude, longitude) of a ring. Longitudes are unwrapped along
/// the ring first (a ring crossing the antimeridian jumps by 360°), and the
/// centroid is taken in Lambert's cylindrical equal-area projection (x =
/// longitude, y = sine of latitude), so that the northern parts of a big
/// country do not pull its point north and the longitude is the
/// area-weighted mean longitude. (The sinusoidal projection's centroid,
/// used before, divides the mean of longitude × cos(latitude) by the cosine
/// of the mean latitude, which drags wide northern countries west: Russia
/// sat at 95.2°E instead of 97.8°E.)
fn area_centroid(points: &[[f64; 2]]) -> Option<(f64, f64, f64)> {
    if points.len() < 3 {
        return None;
    }
    let mut unwrapped: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for &[longitude, latitude] in points {
        let mut longitude = longitude;
        if let Some(&[previous, _]) = unwrapped.last() {
            while longitude - previous > 180.0 {
                longitude -= 360.0;
            }
            while previous - longitude > 180.0 {
                longitude += 360.0;
            }
        }
        unwrapped.push([longitude, latitude]);
    }
    let projected: Vec<[f64; 2]> = unwrapped
        .iter()
        .map(|&[longitude, latitude]| [longitude, latitude.to_radians().sin()])
        .collect();
    let (mut twice_area, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for window in projected.windows(2) {
        let ([x0, y0], [x1, y1]) = (window[0], window[1]);
        let cross = x0 * y1 - x1 * y0;
        twice_area += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if twice_area.abs() < 1e-12 {
        return None;
    }
    let area = twice_area / 2.0;
    let latitude = (cy / (6.0 * area)).clamp(-1.0, 1.0).asin().to_degrees();
    let mut longitude = cx / (6.0 * area);
    while longitude > 180.0 {
        longitude -= 360.0;
    }
    while longitude < -180.0 {
        longitude += 360.0;
    }
    Some((area.abs(), latitude, longitude))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_polygon_decides_the_centroid() {
        // A 2×2 square around (1, 1) and a tiny triangle far away, quantised
        // with a unit transform: the square's centre wins.
        let json = r#"{
            "type": "Topology",
            "transform": {"scale": [1, 1], "translate": [0, 0]},
            "arcs": [[[0,0],[2,0],[0,2],[-2,0],[0,-2]], [[50,50],[1,0],[0,1],[-1,-1]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "MultiPolygon", "id": "999", "arcs": [[[0]], [[1]]]}
            ]}}
        }"#;
        let centroids = country_centroids(json).unwrap();
        let (latitude, longitude) = centroids["999"];
        assert!((latitude - 1.0).abs() < 1e-3 && (longitude - 1.0).abs() < 1e-3);
    }

    #[test]
    fn a_small_feature_sharing_a_code_does_not_replace_the_country() {
        // Australia's mainland, then an islet group with the same code.
        let json = r#"{
            "type": "Topology",
            "transform": {"scale": [1, 1], "translate": [0, 0]},
            "arcs": [[[0,0],[2,0],[0,2],[-2,0],[0,-2]], [[50,50],[1,0],[0,1],[-1,-1]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "id": "036", "arcs": [[0]]},
                {"type": "Polygon", "id": "036", "arcs": [[1]]}
            ]}}
        }"#;
        let (latitude, longitude) = country_centroids(json).unwrap()["036"];
        assert!((latitude - 1.0).abs() < 1e-3 && (longitude - 1.0).abs() < 1e-3);
    }

    #[test]
    fn a_ring_across_the_antimeridian_is_unwrapped() {
        let ring = [
            [179.0, 0.0],
            [-179.0, 0.0],
            [-179.0, 2.0],
            [179.0, 2.0],
            [179.0, 0.0],
        ];
        let (_, latitude, longitude) = area_centroid(&ring).unwrap();
        assert!((latitude - 1.0).abs() < 1e-3, "{latitude}");
        assert!((longitude.abs() - 180.0).abs() < 0.1, "{longitude}");
    }

    #[test]
    fn the_longitude_is_the_area_weighted_mean_longitude() {
        // Two latitude bands, the northern one reaching further east, as
        // Siberia does: each band weighs by its true area.
        let ring = [
            [0.0, 40.0],
            [100.0, 40.0],
            [100.0, 60.0],
            [160.0, 60.0],
            [160.0, 80.0],
            [0.0, 80.0],
            [0.0, 40.0],
        ];
        let sin = |degrees: f64| degrees.to_radians().sin();
        let south = 100.0 * (sin(60.0) - sin(40.0));
        let north = 160.0 * (sin(80.0) - sin(60.0));
        let expected = (south * 50.0 + north * 80.0) / (south + north);
        let (_, _, longitude) = area_centroid(&ring).unwrap();
        assert!(
            (longitude - expected).abs() < 1e-6,
            "{longitude} vs {expected}"
        );
    }

    #[test]
    fn reversed_arcs_are_walked_backwards() {
        let arcs = vec![vec![[0.0, 0.0], [1.0, 0.0]], vec![[0.0, 1.0], [1.0, 0.0]]];
        assert_eq!(
            ring_points(&[0, !1], &arcs),
            vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
        );
    }
}
