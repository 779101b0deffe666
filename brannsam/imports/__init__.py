"""The import feature: the fire services send their real figures in a filled template.

- `datasets`: what each template holds (columns, limits, the Excel template itself);
- `files`: reading an xlsx or CSV file's rows within safe limits;
- `importer`: validating the rows, previewing the change and writing it;
- `station_import`, `score_import`: the steps that differ for station lists and scores;
- `rowdiff`: what an import changes, row by row.

Accepting a file (one transaction, file kept, logged) and undoing the last is the pipeline's
(`brannsam.pipeline.importing`): it rebuilds the derived tables.
"""
