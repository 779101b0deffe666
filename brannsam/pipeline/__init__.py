"""The build pipeline: source files and accepted imports into the database, with the tables
derived from every model (estimates, risk indicators, coverage, the land network). It sits above
the models it runs; the data layer below it only knows the file, the schema and the reads."""
