"""The legal forms as DOMAIN.md §2 states them (kommuneloven § 17-1, § 19-1, IKS-loven § 3)."""

from brannsam.cooperation import orgforms


def forms(con):
    return con.execute("SELECT * FROM organisasjonsform").df().set_index("form_id")


def test_every_allowed_form_is_listed_including_as_and_samvirkeforetak(con):
    assert {"as", "samvirke", "iks", "vertskommune", "oppgavefellesskap", "politisk_rad"} <= set(
        forms(con).index
    )


def test_an_oppgavefellesskap_cannot_hold_the_services_authority(con):
    row = forms(con).loc["oppgavefellesskap"]
    assert "enkeltvedtak" in row["begrensninger"] and "§ 19-1" in row["begrensninger"]
    scores = orgforms.starting_table(forms(con).reset_index())
    assert scores.loc["oppgavefellesskap", "juridisk"] == scores["juridisk"].min()


def test_iks_liability_and_the_2024_changes_are_stated(con):
    row = forms(con).loc["iks"]
    assert "IKS-loven § 3" in row["ulemper"] and "1.1.2024" in row["ulemper"]
    assert "ulemper" not in (row["ubekreftet"] or "")  # § 3 is confirmed
