"""What a fire service has, where a source or the service itself says so: its three leader roles
(R10), its overordnet vakt (R11) and the year of its ROS, prevention and readiness analyses
(R12). One column list serves the source file `brannvesen_fakta.csv` and the import dataset
`ledelse`, so a service's own answer replaces what a news source said, row for row."""

from __future__ import annotations

from brannsam.data import columns
from brannsam.data.columns import Column, bounded

DUTY_OFFICER = ("egen", "felles", "kjøpt", "ingen")
ROLES = {
    "brannsjef": "Brannsjef",
    "leder_forebyggende": "Leder forebyggende",
    "leder_beredskap": "Leder beredskap",
}
ANALYSES = {
    "ros_aar": "ROS-analyse",
    "forebyggende_analyse_aar": "Forebyggende analyse",
    "beredskapsanalyse_aar": "Beredskapsanalyse",
}

SERVICE = Column(
    header="Brannvesen-ID",
    name="brannvesen_id",
    kind="brannvesen",
    help="ID-en fra Brannsam, f.eks. fosen-brann-og-redningstjeneste-iks",
)
FIELDS = (
    bounded("aar", "int", columns.YEAR, header="År", help="Året opplysningene gjelder"),
    *(
        Column(header=label, name=name, kind="bool", required=False, help="ja eller nei: er rollen fylt?")
        for name, label in ROLES.items()
    ),
    Column(
        header="Overordnet vakt",
        name="overordnet_vakt",
        kind="choice",
        choices=DUTY_OFFICER,
        required=False,
        help="egen, felles (med andre brannvesen), kjøpt eller ingen",
    ),
    *(
        bounded(
            name,
            "int",
            columns.YEAR,
            header=f"{label} (år)",
            required=False,
            help="Året den ble vedtatt eller sist revidert",
        )
        for name, label in ANALYSES.items()
    ),
    Column(header="Kilde", name="kilde", kind="text", help="Hvor opplysningene kommer fra"),
)
