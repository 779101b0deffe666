"""How figures look: plotly charts, pydeck maps, Norwegian tables and numbers, colours, and the
Excel/CSV/QR downloads."""
