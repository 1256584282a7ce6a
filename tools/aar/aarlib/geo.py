"""WGS-84 geodesy helpers (numpy, vectorised)."""
import numpy as np

WGS84_A_M = 6378137.0
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
MEAN_EARTH_RADIUS_M = 6371008.8


def geodetic_to_ecef(lat_deg, lon_deg, alt_m):
    """Geodetic (deg, deg, m above the ellipsoid) -> ECEF metres (x, y, z)."""
    lat = np.radians(np.asarray(lat_deg, dtype=float))
    lon = np.radians(np.asarray(lon_deg, dtype=float))
    h = np.asarray(alt_m, dtype=float)
    n = WGS84_A_M / np.sqrt(1.0 - WGS84_E2 * np.sin(lat) ** 2)
    x = (n + h) * np.cos(lat) * np.cos(lon)
    y = (n + h) * np.cos(lat) * np.sin(lon)
    z = (n * (1.0 - WGS84_E2) + h) * np.sin(lat)
    return x, y, z


def great_circle_m(lat1_deg, lon1_deg, lat2_deg, lon2_deg):
    """Great-circle (haversine, mean-Earth sphere) distance in metres."""
    p1, l1, p2, l2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1_deg, lon1_deg, lat2_deg, lon2_deg))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2.0 * MEAN_EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def destination(lat_deg, lon_deg, azimuth_deg, distance_m):
    """Point reached from (lat, lon) along an initial azimuth (deg from north) on the sphere."""
    p1 = np.radians(np.asarray(lat_deg, dtype=float))
    l1 = np.radians(np.asarray(lon_deg, dtype=float))
    az = np.radians(np.asarray(azimuth_deg, dtype=float))
    d = np.asarray(distance_m, dtype=float) / MEAN_EARTH_RADIUS_M
    p2 = np.arcsin(np.sin(p1) * np.cos(d) + np.cos(p1) * np.sin(d) * np.cos(az))
    l2 = l1 + np.arctan2(np.sin(az) * np.sin(d) * np.cos(p1), np.cos(d) - np.sin(p1) * np.sin(p2))
    return np.degrees(p2), (np.degrees(l2) + 540.0) % 360.0 - 180.0
