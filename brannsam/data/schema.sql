-- Brannsam database schema. Every table holding figures carries `kilde` and a year, and an
-- `estimert` flag where a figure may be an estimate rather than a sourced fact.
CREATE TABLE schema_versjon (versjon INTEGER NOT NULL, bygget TIMESTAMP NOT NULL);

-- Bumped inside every write transaction (imports, undo, scores, scenarios): the app's caches
-- are keyed on it, since a write that stays in the write-ahead log never moves the file time.
CREATE TABLE dataversjon (versjon BIGINT NOT NULL);
INSERT INTO dataversjon VALUES (0);

CREATE TABLE kildefil (
    fil VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    rader INTEGER NOT NULL
);

CREATE TABLE kommune (
    kommunenummer VARCHAR PRIMARY KEY CHECK (regexp_full_match(kommunenummer, '[0-9]{4}')),
    kommunenavn VARCHAR NOT NULL,
    fylke VARCHAR NOT NULL,
    innbyggere INTEGER NOT NULL CHECK (innbyggere >= 0),
    innbyggere_aar INTEGER NOT NULL,
    areal_km2 DOUBLE NOT NULL CHECK (areal_km2 > 0),
    senter_lat DOUBLE NOT NULL,
    senter_lon DOUBLE NOT NULL,
    kilde VARCHAR NOT NULL
);

CREATE TABLE kommunegrense (
    kommunenummer VARCHAR PRIMARY KEY REFERENCES kommune (kommunenummer),
    geojson VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL,
    aar INTEGER NOT NULL
);

CREATE TABLE struktur (
    struktur_id VARCHAR PRIMARY KEY,
    navn VARCHAR NOT NULL,
    beskrivelse VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL,
    aar INTEGER NOT NULL,
    standard BOOLEAN NOT NULL
);

CREATE TABLE brannvesen (
    struktur_id VARCHAR NOT NULL REFERENCES struktur (struktur_id),
    brannvesen_id VARCHAR NOT NULL,
    navn VARCHAR NOT NULL,
    organisasjonsform VARCHAR NOT NULL,
    PRIMARY KEY (struktur_id, brannvesen_id)
);

CREATE TABLE dekning (
    struktur_id VARCHAR NOT NULL,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    brannvesen_id VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL,
    sikkerhet VARCHAR NOT NULL,
    PRIMARY KEY (struktur_id, kommunenummer),
    FOREIGN KEY (struktur_id, brannvesen_id) REFERENCES brannvesen (struktur_id, brannvesen_id)
);

CREATE TABLE brannstasjon (
    stasjon_id INTEGER PRIMARY KEY,
    navn VARCHAR NOT NULL,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    lat DOUBLE,
    lon DOUBLE,
    kategori VARCHAR NOT NULL,
    heltid_deltid VARCHAR NOT NULL,
    dsb_stasjonstype VARCHAR,
    dsb_kasernert VARCHAR,
    kilde VARCHAR NOT NULL,
    koordinat_merknad VARCHAR,
    aar INTEGER NOT NULL
);

-- Places R1 asks for besides dense settlements: hospitals (nursing homes have no known point).
CREATE TABLE helseinstitusjon (
    navn VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    koordinat_kilde VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL,
    PRIMARY KEY (navn, kommunenummer)
);

CREATE TABLE tettsted (
    tettsted_id INTEGER PRIMARY KEY,
    navn VARCHAR NOT NULL,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    innbyggere INTEGER NOT NULL CHECK (innbyggere >= 0),
    aar INTEGER NOT NULL,
    lat DOUBLE,  -- NULL where no source gives the point: the settlement is then left unplaced
    lon DOUBLE,
    kilde VARCHAR NOT NULL,
    innbyggere_estimert BOOLEAN NOT NULL,
    koordinat_estimert BOOLEAN NOT NULL
);

-- What a service has, where a source or the service itself says so: its leader roles, its
-- overordnet vakt and the year of its analyses (R10, R11, R12). A row is never an estimate.
CREATE TABLE brannvesen_fakta (
    brannvesen_id VARCHAR PRIMARY KEY,
    aar INTEGER,  -- empty where the source is undated
    brannsjef BOOLEAN,
    leder_forebyggende BOOLEAN,
    leder_beredskap BOOLEAN,
    overordnet_vakt VARCHAR CHECK (overordnet_vakt IN ('egen', 'felles', 'kjøpt', 'ingen')),
    ros_aar INTEGER,
    forebyggende_analyse_aar INTEGER,
    beredskapsanalyse_aar INTEGER,
    kilde VARCHAR NOT NULL
);

CREATE TABLE bemanning (
    brannvesen_id VARCHAR PRIMARY KEY,
    struktur_id VARCHAR NOT NULL,
    aar INTEGER NOT NULL,
    arsverk_ledelse DOUBLE CHECK (arsverk_ledelse >= 0),
    arsverk_forebyggende DOUBLE CHECK (arsverk_forebyggende >= 0),  -- without chimney sweeps
    arsverk_forebyggende_inkl_feiing DOUBLE CHECK (arsverk_forebyggende_inkl_feiing >= 0),
    arsverk_beredskap_heltid DOUBLE CHECK (arsverk_beredskap_heltid >= 0),
    arsverk_beredskap_deltid DOUBLE CHECK (arsverk_beredskap_deltid >= 0),
    deltid_personer INTEGER CHECK (deltid_personer >= 0),
    arsverk_feiing DOUBLE CHECK (arsverk_feiing >= 0),
    brannsjef_heltid BOOLEAN,
    kilde VARCHAR NOT NULL,
    estimert BOOLEAN NOT NULL,
    FOREIGN KEY (struktur_id, brannvesen_id) REFERENCES brannvesen (struktur_id, brannvesen_id)
);

CREATE TABLE kostnad (
    kommunenummer VARCHAR PRIMARY KEY REFERENCES kommune (kommunenummer),
    aar INTEGER NOT NULL,
    netto_338_kr BIGINT NOT NULL CHECK (netto_338_kr >= 0),
    netto_339_kr BIGINT NOT NULL CHECK (netto_339_kr >= 0),
    kilde VARCHAR NOT NULL,
    estimert BOOLEAN NOT NULL
);

CREATE TABLE hendelse (
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    aar INTEGER NOT NULL,
    hendelsestype VARCHAR NOT NULL,
    antall INTEGER NOT NULL CHECK (antall >= 0),
    kilde VARCHAR NOT NULL,
    estimert BOOLEAN NOT NULL,
    PRIMARY KEY (kommunenummer, aar, hendelsestype, estimert)
);

CREATE TABLE risikoobjekt (
    kommunenummer VARCHAR PRIMARY KEY REFERENCES kommune (kommunenummer),
    aar INTEGER NOT NULL,
    antall INTEGER NOT NULL CHECK (antall >= 0),
    kilde VARCHAR NOT NULL,
    estimert BOOLEAN NOT NULL
);

CREATE TABLE risikoindikator (
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    indikator VARCHAR NOT NULL,
    verdi DOUBLE NOT NULL,
    aar INTEGER NOT NULL,
    kilde VARCHAR NOT NULL,
    estimert BOOLEAN NOT NULL,
    PRIMARY KEY (kommunenummer, indikator)
);

CREATE TABLE scenario (
    navn VARCHAR PRIMARY KEY CHECK (length(trim(navn)) > 0),
    opprettet TIMESTAMP NOT NULL,
    endret TIMESTAMP NOT NULL,
    innstillinger VARCHAR NOT NULL,
    kode VARCHAR  -- the settings' short code (`scenarios.short_code`), so a link finds them at once
);
CREATE INDEX scenario_kode ON scenario (kode);

-- Earlier versions of saved work that someone overwrote (a scenario, an assessor's scores),
-- kept so that an overwrite can be undone by hand.
CREATE TABLE arkiv (
    art VARCHAR NOT NULL CHECK (art IN ('scenario', 'vurdering')),
    navn VARCHAR NOT NULL,
    arkivert TIMESTAMP NOT NULL,
    innhold VARCHAR NOT NULL
);

CREATE TABLE importlogg (
    import_id INTEGER PRIMARY KEY,
    tidspunkt TIMESTAMP NOT NULL,
    bruker VARCHAR NOT NULL,
    filnavn VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    datasett VARCHAR NOT NULL,
    rader_endret INTEGER NOT NULL
);

CREATE TABLE befolkningspunkt (
    rute_id INTEGER PRIMARY KEY,
    type VARCHAR NOT NULL CHECK (type IN ('rute', 'tettsted')),
    lon DOUBLE NOT NULL,
    lat DOUBLE NOT NULL,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    innbyggere DOUBLE NOT NULL CHECK (innbyggere >= 0),  -- near settlements and stations
    innbyggere_jevn DOUBLE NOT NULL CHECK (innbyggere_jevn >= 0),  -- spread evenly (the band's bound)
    kilde VARCHAR NOT NULL,
    aar INTEGER NOT NULL
);

-- Pairs of population points joined over land (network.py): a response never crosses a fjord.
CREATE TABLE landkant (
    fra_rute INTEGER NOT NULL REFERENCES befolkningspunkt (rute_id),
    til_rute INTEGER NOT NULL REFERENCES befolkningspunkt (rute_id),
    km DOUBLE NOT NULL CHECK (km >= 0),
    PRIMARY KEY (fra_rute, til_rute)
);

-- Stations outside the 40 municipalities near their border (DSB's register): 110 alerts the
-- nearest resource across any border. One with a road into the region joins the response times.
CREATE TABLE nabostasjon (
    navn VARCHAR NOT NULL,
    brannvesen VARCHAR NOT NULL,
    dsb_stasjonstype VARCHAR NOT NULL,
    dsb_kasernert VARCHAR NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    avstand_km DOUBLE NOT NULL,
    vei_inn VARCHAR,
    kommune_inn VARCHAR,
    kilde VARCHAR NOT NULL,
    PRIMARY KEY (navn, brannvesen)
);

CREATE TABLE ferjesamband (
    navn VARCHAR PRIMARY KEY,
    fra_navn VARCHAR NOT NULL,
    fra_lat DOUBLE NOT NULL,
    fra_lon DOUBLE NOT NULL,
    til_navn VARCHAR NOT NULL,
    til_lat DOUBLE NOT NULL,
    til_lon DOUBLE NOT NULL,
    overfart_min DOUBLE NOT NULL CHECK (overfart_min >= 0),
    kilde VARCHAR NOT NULL
);

-- R1: places the project leader counts as dense besides the size reading (tett_bebyggelse.csv).
CREATE TABLE tett_bebyggelse (
    tettsted VARCHAR NOT NULL,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    begrunnelse VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL,
    PRIMARY KEY (tettsted, kommunenummer)
);

-- Long (3 km or more) and subsea road tunnels, from NVDB (tunneler.csv).
CREATE TABLE tunnel (
    navn VARCHAR PRIMARY KEY,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    veg VARCHAR NOT NULL,
    lengde_m INTEGER NOT NULL,
    undersjoisk BOOLEAN NOT NULL,
    aapnet INTEGER NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    nvdb_id VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL,
    merknad VARCHAR  -- what a source disputes (an opening year two sources give differently)
);

-- Fixed links the simplified borders cut (landforbindelser.csv): bridges, subsea tunnels and
-- narrow isthmuses, driven with no wait; `lengde_m` where a source gives the road's length.
CREATE TABLE landforbindelse (
    navn VARCHAR PRIMARY KEY,
    fra_navn VARCHAR NOT NULL,
    fra_lat DOUBLE NOT NULL,
    fra_lon DOUBLE NOT NULL,
    til_navn VARCHAR NOT NULL,
    til_lat DOUBLE NOT NULL,
    til_lon DOUBLE NOT NULL,
    lengde_m DOUBLE,
    kilde VARCHAR NOT NULL
);

CREATE TABLE regel (
    regel_id VARCHAR PRIMARY KEY,
    tittel VARCHAR NOT NULL,
    krav VARCHAR NOT NULL,
    terskel VARCHAR,
    gammel_ref VARCHAR,
    ny_ref VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('C', 'S', 'U')),
    kilde VARCHAR NOT NULL,
    tolkning VARCHAR NOT NULL,
    gjelder VARCHAR NOT NULL CHECK (gjelder IN ('brannvesen', '110')),
    samarbeidsomrade VARCHAR,
    terskel_grunnlag VARCHAR  -- the regulation or guidance the threshold comes from, or «antakelse»
);

CREATE TABLE samarbeidsomrade (
    omrade_id VARCHAR PRIMARY KEY,
    navn VARCHAR NOT NULL,
    beskrivelse VARCHAR NOT NULL,
    samarbeid_i_dag VARCHAR,
    egnede_former VARCHAR NOT NULL,
    begrunnelse VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL
);

CREATE TABLE organisasjonsform (
    form_id VARCHAR PRIMARY KEY,
    navn VARCHAR NOT NULL,
    lovgrunnlag VARCHAR NOT NULL,
    styring VARCHAR NOT NULL,
    arbeidsgiver VARCHAR NOT NULL,
    kostnadsdeling VARCHAR NOT NULL,
    begrensninger VARCHAR NOT NULL,
    fordeler VARCHAR NOT NULL,
    ulemper VARCHAR NOT NULL,
    ubekreftet VARCHAR
);

-- Scores 1-5 per assessor, area and criterion; user data, kept across rebuilds.
CREATE TABLE samarbeidsvurdering (
    vurderer VARCHAR NOT NULL CHECK (length(trim(vurderer)) > 0),
    omrade_id VARCHAR NOT NULL,
    kriterium VARCHAR NOT NULL,
    poeng INTEGER NOT NULL CHECK (poeng BETWEEN 1 AND 5),
    endret TIMESTAMP NOT NULL,
    PRIMARY KEY (vurderer, omrade_id, kriterium)
);

CREATE TABLE samarbeidsgevinst (
    vurderer VARCHAR NOT NULL,
    omrade_id VARCHAR NOT NULL,
    gevinst_kr BIGINT NOT NULL CHECK (gevinst_kr >= 0),
    endret TIMESTAMP NOT NULL,
    PRIMARY KEY (vurderer, omrade_id)
);

-- Scores imported from files (one row per assessor and area, a column per criterion of
-- cooperation.CRITERIA). Rebuilt from data/imports/ like every import; for an assessor found
-- here, these replace what was entered in the app (see score_import.py).
CREATE TABLE samarbeidsvurdering_import (
    vurderer VARCHAR NOT NULL CHECK (length(trim(vurderer)) > 0),
    omrade_id VARCHAR NOT NULL REFERENCES samarbeidsomrade (omrade_id),
    okonomi INTEGER CHECK (okonomi BETWEEN 1 AND 5),
    kvalitet INTEGER CHECK (kvalitet BETWEEN 1 AND 5),
    robusthet INTEGER CHECK (robusthet BETWEEN 1 AND 5),
    respons INTEGER CHECK (respons BETWEEN 1 AND 5),
    gjennomforbarhet INTEGER CHECK (gjennomforbarhet BETWEEN 1 AND 5),
    forankring INTEGER CHECK (forankring BETWEEN 1 AND 5),
    juridisk INTEGER CHECK (juridisk BETWEEN 1 AND 5),
    rekruttering INTEGER CHECK (rekruttering BETWEEN 1 AND 5),
    gevinst_kr BIGINT CHECK (gevinst_kr >= 0),
    kilde VARCHAR NOT NULL,
    PRIMARY KEY (vurderer, omrade_id)
);

-- Known figures with their sources (kontrolltall.csv), and each one set against the estimate for
-- the same thing and year (built from the sources, before imports).
CREATE TABLE kontrolltall (
    gjelder VARCHAR NOT NULL,
    navn VARCHAR NOT NULL,
    aar INTEGER NOT NULL,
    storrelse VARCHAR NOT NULL,
    verdi DOUBLE NOT NULL,
    enhet VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL,
    merknad VARCHAR,
    PRIMARY KEY (gjelder, aar, storrelse)
);

CREATE TABLE kontroll (
    gjelder VARCHAR NOT NULL,
    navn VARCHAR NOT NULL,
    storrelse VARCHAR NOT NULL,
    aar INTEGER NOT NULL,
    kjent DOUBLE NOT NULL,
    estimat DOUBLE,
    forhold DOUBLE,
    metode VARCHAR NOT NULL,
    kalibrert BOOLEAN NOT NULL,
    kilde VARCHAR NOT NULL,
    merknad VARCHAR,
    forklaring VARCHAR NOT NULL,
    avvik_faktor DOUBLE,
    innenfor BOOLEAN
);

-- Workshop rounds (/verksted): participants score cooperation areas from their phones.
CREATE TABLE verksted_runde (
    kode VARCHAR PRIMARY KEY,
    navn VARCHAR NOT NULL CHECK (length(trim(navn)) > 0),
    omrader VARCHAR NOT NULL,  -- JSON list of omrade_id
    kriterier VARCHAR NOT NULL,  -- JSON list of criteria
    anonym BOOLEAN NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('aapen', 'lukket', 'avslort')),
    opprettet TIMESTAMP NOT NULL,
    styrt BOOLEAN NOT NULL DEFAULT false,  -- the facilitator sets the pace: one area at a time
    aktivt_omrade VARCHAR,  -- the area everyone scores now (a paced round)
    lengst_omrade VARCHAR,  -- the furthest area a paced round has reached (answers up to it are taken)
    skjul BOOLEAN NOT NULL DEFAULT TRUE,  -- results hidden everywhere until «Avslør» (the round's setting)
    -- what the round scores: cooperation areas (1–5) or the study's alternatives (−4 … +4); the
    -- `omrader` list then holds alternative ids
    gjelder VARCHAR NOT NULL DEFAULT 'omrader' CHECK (gjelder IN ('omrader', 'alternativer')),
    stengt TIMESTAMP  -- when the round was last closed: the date its scores carry
);

CREATE TABLE verksted_deltaker (
    kode VARCHAR NOT NULL,
    navn VARCHAR NOT NULL,
    tilhorighet VARCHAR,
    ble_med TIMESTAMP NOT NULL,
    nokkel VARCHAR,  -- the browser's key (issued by the server at join): only it continues under this name
    -- the joining browser has shown its key in its cookie: a link with the key opened elsewhere is refused
    holdt BOOLEAN NOT NULL DEFAULT FALSE,
    -- an anonymous round: `navn` is a pseudonym and this the name's keyed hashes (JSON), never the name
    nokler VARCHAR,
    PRIMARY KEY (kode, navn)
);

CREATE TABLE verksted_svar (
    kode VARCHAR NOT NULL,
    navn VARCHAR NOT NULL,
    omrade_id VARCHAR NOT NULL,
    kriterium VARCHAR NOT NULL,
    poeng INTEGER NOT NULL CHECK (poeng BETWEEN -4 AND 5),  -- 1–5 for an area, −4 … +4 for an alternative
    endret TIMESTAMP NOT NULL,
    PRIMARY KEY (kode, navn, omrade_id, kriterium)
);

-- The study's alternatives (the zero alternative and the ways of cooperating) as the source
-- files give them: the defaults of the alternatives page.
CREATE TABLE alternativ (
    alternativ_id VARCHAR PRIMARY KEY,
    navn VARCHAR NOT NULL,
    organisasjonsform VARCHAR NOT NULL,
    vertskap VARCHAR NOT NULL,
    beskrivelse VARCHAR NOT NULL,
    omrader VARCHAR,
    soner VARCHAR,
    bistand BOOLEAN NOT NULL,
    kvalitet INTEGER NOT NULL CHECK (kvalitet BETWEEN -4 AND 4),
    robusthet INTEGER NOT NULL CHECK (robusthet BETWEEN -4 AND 4),
    kompetanse INTEGER NOT NULL CHECK (kompetanse BETWEEN -4 AND 4),
    forankring INTEGER NOT NULL CHECK (forankring BETWEEN -4 AND 4),
    gjennomforing INTEGER NOT NULL CHECK (gjennomforing BETWEEN -4 AND 4),
    kilde VARCHAR NOT NULL
);

CREATE TABLE alternativ_post (
    alternativ_id VARCHAR NOT NULL REFERENCES alternativ (alternativ_id),
    post VARCHAR NOT NULL,
    blokk VARCHAR NOT NULL,
    arsverk DOUBLE NOT NULL,
    kr_per_arsverk DOUBLE NOT NULL,
    drift_kr DOUBLE NOT NULL,
    investering_kr DOUBLE NOT NULL,
    levetid_aar DOUBLE NOT NULL,
    rente DOUBLE NOT NULL,
    besparelse_kr DOUBLE NOT NULL,
    erstatter VARCHAR NOT NULL,
    erstatter_mengde DOUBLE NOT NULL,
    folger_medlemmer BOOLEAN NOT NULL,
    per_sone BOOLEAN NOT NULL,
    kilde VARCHAR NOT NULL,
    PRIMARY KEY (alternativ_id, post)
);

CREATE TABLE alternativ_engang (
    alternativ_id VARCHAR NOT NULL REFERENCES alternativ (alternativ_id),
    post VARCHAR NOT NULL,
    blokk VARCHAR NOT NULL,
    aar_fra_start INTEGER NOT NULL,
    belop_kr DOUBLE NOT NULL,
    per_sone BOOLEAN NOT NULL,
    kilde VARCHAR NOT NULL,
    PRIMARY KEY (alternativ_id, post)
);

-- The study's milestones (data/sources/milepaeler.csv, edited by the project leader).
CREATE TABLE milepael (
    fra DATE NOT NULL,
    til DATE,
    hva VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL
);

-- The councils' decisions on the study (/vedtak): one row per registration, never changed but
-- to mark it undone; a municipality's decision is its latest row that is not undone. A batch
-- (one registration, or one imported file) is undone together.
CREATE TABLE vedtak (
    vedtak_id INTEGER PRIMARY KEY,
    parti INTEGER NOT NULL,
    kommunenummer VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('ja', 'nei', 'utsatt', 'ikke behandlet')),
    dato DATE,
    sak VARCHAR,
    tak_kr BIGINT CHECK (tak_kr IS NULL OR tak_kr >= 0),
    vilkar VARCHAR,
    registrert_av VARCHAR NOT NULL,
    registrert TIMESTAMP NOT NULL,
    kilde VARCHAR NOT NULL,
    angret TIMESTAMP,
    angret_av VARCHAR
);

-- The status letters («infoskriv») written to the councils: kept so the next one can say what
-- changed since («siden forrige infoskriv»).
CREATE TABLE infoskriv (
    nummer INTEGER PRIMARY KEY,
    laget TIMESTAMP NOT NULL,
    laget_av VARCHAR NOT NULL,
    sammendrag VARCHAR NOT NULL
);

-- The administrative centres of the municipalities with no placed settlement
-- (kommunesentre.csv): an anchor of the scattered population, never a station.
CREATE TABLE kommunesenter (
    kommunenummer VARCHAR PRIMARY KEY,
    kommune VARCHAR NOT NULL,
    sted VARCHAR NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    kilde VARCHAR NOT NULL
);

-- Parts of a municipality with a published population of their own (delomrader.csv): a former
-- municipality or an island, as a box on the grid; its scattered people are that count.
CREATE TABLE delomrade (
    navn VARCHAR PRIMARY KEY,
    kommunenummer VARCHAR NOT NULL REFERENCES kommune (kommunenummer),
    innbyggere INTEGER NOT NULL,
    aar INTEGER NOT NULL,
    lon_min DOUBLE NOT NULL,
    lat_min DOUBLE NOT NULL,
    lon_max DOUBLE NOT NULL,
    lat_max DOUBLE NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    avgrensning VARCHAR NOT NULL,
    kilde VARCHAR NOT NULL
);

-- Airports with scheduled traffic (flyplasser.csv, Avinor): a risk indicator.
CREATE TABLE flyplass (
    navn VARCHAR PRIMARY KEY,
    kommunenummer VARCHAR NOT NULL,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    kilde VARCHAR NOT NULL
);
