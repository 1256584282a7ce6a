"""After-action-review tools for bmdsim HDF5 run and sweep files (schema_version 1).

Modules:
  h5read  -- safe opening, /meta checks, tables as pandas DataFrames
  geo     -- WGS-84 geodetic <-> ECEF, great-circle distance/destination
  plots   -- matplotlib figures (Agg) for the run report
  report  -- `aar report`: self-contained HTML + summary.json
  sweep   -- `aar sweep`: Monte Carlo sweep analysis page
  czml    -- `aar czml`: Cesium CZML replay export
  cli     -- argument parsing, error -> exit-code mapping
"""

SUPPORTED_SCHEMA_VERSIONS = (1,)
