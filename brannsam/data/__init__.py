"""The database: built from the source files (`build`), read (`queries`), its file, its version and its
quality; the fire-service structures and settlements it holds."""
