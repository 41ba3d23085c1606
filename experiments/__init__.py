"""Batch experiments: sweeps, replications and sensitivity analysis over ParticipationModel,
on local processes or a Dask cluster, each run written to its own Parquet file
(docs/experiments.md)."""
