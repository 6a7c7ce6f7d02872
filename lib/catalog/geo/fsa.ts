/**
 * Approximate centroids of the Forward Sortation Areas (first three characters of a Canadian postal code) used by
 * the demo catalog, plus a few common BC FSAs, so a patient's postal code can stand in for their location when no
 * clinic location is configured. Accuracy is city/neighbourhood level (about ±2–5 km): fine for "2.1 km away", not
 * for routing. Unknown FSAs return null and ranking falls back to the clinic location.
 */
const FSA_CENTROIDS: Readonly<Record<string, readonly [number, number]>> = {
  // Toronto and the GTA
  M5V: [43.642, -79.394],
  M5A: [43.654, -79.36],
  M4C: [43.689, -79.307],
  M6H: [43.669, -79.442],
  M6K: [43.637, -79.428],
  M4E: [43.676, -79.293],
  M1B: [43.806, -79.194],
  M1E: [43.763, -79.188],
  M1P: [43.757, -79.273],
  M2N: [43.77, -79.408],
  M3N: [43.761, -79.521],
  M3C: [43.725, -79.34],
  M9V: [43.739, -79.588],
  M8V: [43.606, -79.502],
  L5B: [43.581, -79.633],
  L5M: [43.562, -79.708],
  L4T: [43.72, -79.633],
  L6T: [43.737, -79.72],
  L6Y: [43.683, -79.75],
  L6P: [43.785, -79.68],
  L3R: [43.85, -79.33],
  L3P: [43.88, -79.26],
  L4L: [43.79, -79.54],
  L6A: [43.86, -79.53],
  L7R: [43.325, -79.8],
  L7L: [43.36, -79.76],
  L6J: [43.45, -79.68],
  L6H: [43.48, -79.7],
  L1G: [43.9, -78.86],
  L1H: [43.89, -78.85],
  // Hamilton, Niagara, southwest
  L8L: [43.26, -79.835],
  L8P: [43.253, -79.878],
  L9A: [43.23, -79.87],
  L8E: [43.23, -79.76],
  L2R: [43.16, -79.24],
  L2M: [43.19, -79.23],
  L2E: [43.1, -79.07],
  L2G: [43.08, -79.09],
  L3B: [42.99, -79.25],
  N6A: [42.99, -81.25],
  N5V: [43.01, -81.16],
  N6E: [42.94, -81.22],
  N9A: [42.315, -83.04],
  N8X: [42.29, -83.02],
  N8Y: [42.325, -82.97],
  N2G: [43.447, -80.49],
  N2H: [43.456, -80.5],
  N2M: [43.435, -80.51],
  N2J: [43.47, -80.52],
  N2L: [43.475, -80.55],
  N1H: [43.545, -80.26],
  N1E: [43.56, -80.24],
  N3T: [43.14, -80.26],
  N3R: [43.16, -80.25],
  N0A: [43.068, -80.117],
  N7T: [42.975, -82.405],
  N7S: [42.99, -82.37],
  N4K: [44.57, -80.94],
  // Eastern and central Ontario
  K1P: [45.42, -75.7],
  K1N: [45.43, -75.69],
  K1Z: [45.395, -75.74],
  K1V: [45.36, -75.66],
  K1L: [45.437, -75.665],
  K1C: [45.475, -75.505],
  K4A: [45.46, -75.48],
  K7L: [44.232, -76.485],
  K7K: [44.245, -76.47],
  K7M: [44.24, -76.56],
  K6H: [45.02, -74.73],
  K6J: [45.03, -74.75],
  K6A: [45.607, -74.605],
  K8N: [44.165, -77.38],
  K8P: [44.17, -77.4],
  K9J: [44.3, -78.33],
  K9H: [44.31, -78.31],
  L4M: [44.395, -79.68],
  L4N: [44.36, -79.68],
  // Northern Ontario
  P3A: [46.515, -80.955],
  P3E: [46.48, -81.01],
  P3C: [46.495, -80.995],
  P7B: [48.425, -89.25],
  P7A: [48.38, -89.24],
  P7E: [48.38, -89.3],
  P6A: [46.52, -84.34],
  P6B: [46.53, -84.3],
  P1B: [46.31, -79.46],
  P1A: [46.33, -79.44],
  P4N: [48.475, -81.33],
  P5N: [49.417, -82.433],
  P9N: [49.767, -94.489],
  // British Columbia (a few common FSAs)
  V6B: [49.28, -123.115],
  V6A: [49.279, -123.09],
  V5K: [49.28, -123.04],
  V5L: [49.276, -123.066],
  V5N: [49.255, -123.065],
  V5H: [49.225, -123.0],
  V6X: [49.17, -123.14],
  V3T: [49.19, -122.85],
  V8W: [48.42, -123.365],
  V8V: [48.415, -123.36],
  V9R: [49.165, -123.94],
  V1Y: [49.885, -119.49],
  V2C: [50.675, -120.33],
  V2L: [53.915, -122.75],
};

/** Normalises "m5v 2t6" / "M5V2T6" → "M5V". Returns null when the text does not start like a postal code. */
export function fsaOf(postalCode: string): string | null {
  const m = /^\s*([A-Za-z]\d[A-Za-z])/.exec(postalCode);
  return m ? m[1]!.toUpperCase() : null;
}

export function fsaCentroid(postalCode: string): { lat: number; lon: number } | null {
  const fsa = fsaOf(postalCode);
  const c = fsa ? FSA_CENTROIDS[fsa] : undefined;
  return c ? { lat: c[0], lon: c[1] } : null;
}

/** Haversine distance in kilometres. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** True when a latitude/longitude pair is on Earth (the official HSDS example carries latitude 100). */
export function isValidCoordinate(lat: number | undefined | null, lon: number | undefined | null): boolean {
  return (
    typeof lat === 'number' &&
    typeof lon === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0)
  );
}
