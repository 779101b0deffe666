"""The ground as a fire chief knows it, as source files: neighbouring stations across the
border, hospitals, ferries, bridges and subsea tunnels, long tunnels, airports, and where people
live beyond the settlements (administrative centres, parts of a municipality with a population of
their own). `sources` reads them like every other file."""

from __future__ import annotations

from brannsam.data import columns
from brannsam.data.columns import Column, bounded
from brannsam.data.sources import SourceSpec

# Stations of DSB's register outside the 40 municipalities near their border: 110 alerts the nearest
# resource across any border (§ 24). One with a road into the region (`vei_inn`, entering
# `kommune_inn`) joins the response times; the others are listed and shown, not joined.
NORWAY_LATITUDE, NORWAY_LONGITUDE = (57.0, 72.0), (4.0, 32.0)  # mainland Norway, not the region
NABOSTASJONER = SourceSpec(
    "nabostasjoner.csv",
    (
        Column(name="navn"),
        Column(name="brannvesen"),
        Column(name="dsb_stasjonstype"),
        Column(name="dsb_kasernert"),
        bounded("lat", "float", NORWAY_LATITUDE),
        bounded("lon", "float", NORWAY_LONGITUDE),
        bounded("avstand_km", "float", (0, 100)),
        Column(name="vei_inn", required=False),
        Column(name="kommune_inn", kind="kommunenummer", required=False),
        Column(name="kilde"),
    ),
    key=("navn", "brannvesen"),
)


HELSEINSTITUSJONER = SourceSpec(
    "helseinstitusjoner.csv",
    (
        Column(name="navn"),
        Column(name="type", kind="choice", choices=("sykehus", "sykehjem")),
        Column(name="kommunenummer", kind="kommunenummer"),
        bounded("lat", "float", columns.LATITUDE),
        bounded("lon", "float", columns.LONGITUDE),
        Column(name="koordinat_kilde"),
        Column(name="kilde"),
    ),
    key=("navn", "kommunenummer"),
)


# The two ends of a ferry, a bridge or an isthmus: a name and a point on each side.
LINK_ENDS = (
    Column(name="fra_navn"),
    bounded("fra_lat", "float", columns.LATITUDE),
    bounded("fra_lon", "float", columns.LONGITUDE),
    Column(name="til_navn"),
    bounded("til_lat", "float", columns.LATITUDE),
    bounded("til_lon", "float", columns.LONGITUDE),
)


FERJESAMBAND = SourceSpec(
    "ferjesamband.csv",
    (
        Column(name="navn"),
        *LINK_ENDS,
        Column(name="overfart_min", kind="float", minimum=0, maximum=300),
        Column(name="kilde"),
    ),
    key=("navn",),
)


# The administrative centre of each municipality with no placed settlement: where its scattered
# population is thickest (a place, never a fire station, which would make coverage circular).
KOMMUNESENTRE = SourceSpec(
    "kommunesentre.csv",
    (
        Column(name="kommunenummer", kind="kommunenummer"),
        Column(name="kommune"),
        Column(name="sted"),
        bounded("lat", "float", columns.LATITUDE),
        bounded("lon", "float", columns.LONGITUDE),
        Column(name="kilde"),
    ),
    key=("kommunenummer",),
)


# Parts of a municipality with a published population of their own (a former municipality, an
# island), placed as a box on the grid: the scattered population there is that count.
DELOMRADER = SourceSpec(
    "delomrader.csv",
    (
        Column(name="navn"),
        Column(name="kommunenummer", kind="kommunenummer"),
        bounded("innbyggere", "int", columns.INHABITANTS),
        bounded("aar", "int", columns.YEAR),
        bounded("lon_min", "float", columns.LONGITUDE),
        bounded("lat_min", "float", columns.LATITUDE),
        bounded("lon_max", "float", columns.LONGITUDE),
        bounded("lat_max", "float", columns.LATITUDE),
        bounded("lat", "float", columns.LATITUDE),
        bounded("lon", "float", columns.LONGITUDE),
        Column(name="avgrensning"),
        Column(name="kilde"),
    ),
    key=("navn",),
)


# Airports with scheduled traffic (Avinor's list): an aircraft accident is a hazard of its own.
FLYPLASSER = SourceSpec(
    "flyplasser.csv",
    (
        Column(name="navn"),
        Column(name="kommunenummer", kind="kommunenummer"),
        bounded("lat", "float", columns.LATITUDE),
        bounded("lon", "float", columns.LONGITUDE),
        Column(name="kilde"),
    ),
    key=("navn",),
)


# Long (3 km or more) and subsea road tunnels (NVDB): a hazard the risk index counts.
TUNNELER = SourceSpec(
    "tunneler.csv",
    (
        Column(name="navn"),
        Column(name="kommunenummer", kind="kommunenummer"),
        Column(name="veg"),
        Column(name="lengde_m", kind="int", minimum=0, maximum=50_000),
        Column(name="undersjoisk", kind="bool"),
        bounded("aapnet", "int", (1900, 2100)),
        bounded("lat", "float", columns.LATITUDE),
        bounded("lon", "float", columns.LONGITUDE),
        Column(name="nvdb_id"),
        Column(name="kilde"),
        Column(name="merknad", required=False),
    ),
    key=("navn",),
)


# Fixed links the simplified borders and the 2.5 km grid cut (bridges, subsea tunnels, narrow
# isthmuses): driven, no wait; `lengde_m` is the road's length where a source gives it.
LANDFORBINDELSER = SourceSpec(
    "landforbindelser.csv",
    (
        Column(name="navn"),
        *LINK_ENDS,
        bounded("lengde_m", "float", (10, 50_000), required=False),
        Column(name="kilde"),
    ),
    key=("navn",),
)
