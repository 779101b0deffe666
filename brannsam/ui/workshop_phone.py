"""The workshop on a participant's phone (`/verksted?kode=…`): join with a name, score one area at
a time, and continue on the same phone after a reload or a closed tab. Every message is true:
what was saved is said to be saved, and what was not taken is said not to be."""

from __future__ import annotations

import datetime as dt
import secrets

import streamlit as st

from brannsam import formatting as fmt
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.ui import data, db, errors, results, workshop_style
from brannsam.workshop import names, rounds, store

REFRESH_S = 3
# The browser keeps its key per round in a cookie as well as in the link, so a phone that closed
# its tab and scans the QR code again continues under its own name (two days: a gathering).
COOKIE_PREFIX = "brannsam_verksted_"
COOKIE_MAX_AGE_S = 2 * 24 * 3600


def cookie_name(code: str) -> str:
    return COOKIE_PREFIX + rounds.normalised_code(code)


def the_round(code: str) -> dict | None:
    """The round behind the code, or None after saying why not (a wrong code, or a round removed
    in another session)."""
    try:
        return data.fresh(store.info, code)
    except rounds.WorkshopError as err:
        errors.say(err)
        return None


def _names() -> dict[str, str]:
    """The name this session joined under, per round: a name belongs to a round and its key,
    never to the next round the phone opens."""
    return st.session_state.setdefault("verksted_navn_per_runde", {})


def _typed() -> dict[str, str]:
    """The name this session typed, per round: an anonymous round stores only a keyed hash of it,
    so the phone that joined is the one place it is still known."""
    return st.session_state.setdefault("verksted_skrevet_navn", {})


def shown_name(code: str, name: str) -> str | None:
    """The participant's name as the phone may show it (None: an anonymous round's pseudonym
    after a reload, when the name is known nowhere)."""
    if not names.is_pseudonym(name):
        return name
    return _typed().get(code)


def _who(owner: str) -> str:
    """The owner of a link as another phone may be told it (never an anonymous round's)."""
    return "en annen deltaker" if names.is_pseudonym(owner) else f"«{fmt.markdown_text(owner)}»"


def _cookie_key(code: str) -> str | None:
    """The key this browser keeps in its cookie for the round (None outside a browser)."""
    try:
        value = st.context.cookies.get(cookie_name(code))
    except (AttributeError, RuntimeError):
        return None
    return value if isinstance(value, str) and value else None


def _remember(code: str, name: str, key: str) -> None:
    """This session answers as `name`; its link carries the key, so a reload continues here."""
    _names()[code] = name
    if st.query_params.get("deltaker") != key:
        st.query_params["deltaker"] = key


def _by_cookie(code: str) -> str | None:
    """The name this browser joined under, by its cookie. A browser that shows its key holds
    it: from then on a link with the key, forwarded to another phone, is refused there."""
    key = _cookie_key(code)
    name = data.fresh(store.participant_by_key, code, key) if key else None
    if not (name and key):
        return None
    if not data.fresh(store.key_held, code, key):  # a write only the first time, not per reload
        with errors.shown("Mobilen") as held, db.writing() as writer:
            store.hold_key(writer, code, key)
        if not held.ok:
            return None
    _remember(code, name, key)
    return name


def _by_link(code: str) -> str | None:
    """The name behind the link's participant key, once this phone has confirmed it is that
    person's; None after saying why not. A key the server never issued is dropped (no one can
    choose a key and have it accepted), and a key its own browser holds is refused elsewhere."""
    key = st.query_params.get("deltaker")
    if not key:
        return None
    owner = data.fresh(store.participant_by_key, code, key)
    if owner is None:
        del st.query_params["deltaker"]
        return None
    if data.fresh(store.key_held, code, key):
        st.warning(f"Lenken du åpnet, hører til {_who(owner)} på en annen mobil. Bli med med ditt eget navn.")
        del st.query_params["deltaker"]
        return None
    slot = st.empty()
    with slot.container():
        st.info(f"Denne lenken er for {_who(owner)}, som ble med fra en annen nettleser. Er det deg?")
        yes, no = st.columns(2)
        confirmed = yes.button(
            "Ja, det er min lenke" if names.is_pseudonym(owner) else f"Ja, jeg er {fmt.markdown_text(owner)}",
            key="verksted_bekreft_ja",
            type="primary",
            width="stretch",
        )
        declined = no.button("Nei, bli med med mitt navn", key="verksted_bekreft_nei", width="stretch")
    if declined:
        del st.query_params["deltaker"]
        st.rerun()
    if not confirmed:
        return None
    slot.empty()
    workshop_style.set_cookie(cookie_name(code), key, COOKIE_MAX_AGE_S)
    _remember(code, owner, key)
    return owner


def participant(code: str) -> None:
    """Made for a 390 px phone: one area at a time, large controls, each answer saved at once."""
    workshop_style.phone()
    round_ = the_round(code)
    if round_ is None:
        return
    code = round_["kode"]
    st.subheader(fmt.markdown_text(round_["navn"]))
    name = _names().get(code) or _by_cookie(code)
    if not name and st.query_params.get("deltaker"):
        name = _by_link(code)
        if not name and st.query_params.get("deltaker"):
            return  # waiting for the phone to say whose link it is
    if not name:
        if round_["status"] != "aapen":  # a late joiner is told before typing a name
            st.info("Runden er stengt og tar ikke imot nye deltakere.")
            return
        name = join_form(code)
        if not name:
            return
    workshop_style.offline_banner()
    answering(code, name)


def join_form(code: str) -> str | None:
    """The name and service form; returns the name once joined. The form is cleared in the same
    run, so joining costs one run of the page, not two."""
    slot = st.empty()
    with slot.container():
        services = list(data.services(DEFAULT_STRUCTURE)["navn"])
        with st.form("verksted_bli_med"):
            typed = st.text_input("Ditt navn", key="verksted_navn", max_chars=rounds.MAX_NAME)
            belonging = st.selectbox(
                "Ditt brannvesen",
                services,
                index=None,
                key="verksted_tilhorighet",
                placeholder="Velg brannvesen",
            )
            joined = st.form_submit_button("Bli med", type="primary", width="stretch")
        st.caption("Denne mobilen husker deg: last siden på nytt eller skann koden igjen, så fortsetter du.")
    if not joined:
        return None
    # The key is the server's own, never one a link brought: it goes in the link and a cookie, so a
    # reload or a new tab continues here, and another phone cannot take the name over.
    key = secrets.token_urlsafe(16)
    try:
        with errors.shown("Påmeldingen") as joined_db, db.writing() as writer:
            store.join(writer, code, typed, belonging, key)
            name = store.participant_by_key(writer, code, key)
    except rounds.WorkshopError as err:
        errors.say(err)
        return None
    if not joined_db.ok or name is None:  # nothing stored: no cookie or link for a key never stored
        return None
    _typed()[code] = rounds.clean_name(typed)
    workshop_style.set_cookie(cookie_name(code), key, COOKIE_MAX_AGE_S)
    _remember(code, name, key)
    slot.empty()
    return name


def save(code: str, name: str, area: str, label: str, criteria: list[str]) -> None:
    """Store one area's scores before the phone's part reruns, so the rerun already shows the
    next area (no second run). The scores are read as the controls hold them now."""
    scores = {c: st.session_state.get(f"verksted_score_{area}_{c}") for c in criteria}
    try:
        with errors.shown("Lagringen") as stored, db.writing() as writer:
            store.answer(writer, code, name, area, scores)
        if not stored.ok:  # the failure is said; no «Lagret» and no new «Sist lagret»
            return
        st.session_state.pop(f"verksted_endre_{code}_{area}", None)
        st.session_state["verksted_lagret"] = f"Lagret: {label}."
        st.session_state[f"verksted_sist_lagret_{code}"] = (label, dt.datetime.now().strftime("%H:%M:%S"))
    except rounds.WorkshopError as err:
        st.session_state["verksted_lagringsfeil"] = f"Svaret på «{label}» ble ikke tatt imot: {err}"


def _last_saved(code: str, name: str, item_names: dict[str, str]) -> None:
    """The phone always says which answer was saved last, so after a lost connection its owner
    knows what to send again; after a closed tab, from what the round has stored."""
    last = st.session_state.get(f"verksted_sist_lagret_{code}")
    if not last:
        stored = data.fresh(store.last_saved, code, name)
        if stored is None:
            return
        last = (item_names.get(stored[0], stored[0]), stored[1].strftime("%H:%M:%S"))
    st.caption(f"Sist lagret: «{fmt.markdown_text(last[0])}» kl. {last[1]}.")


@st.fragment
def answering(code: str, name: str) -> None:
    """One area at a time. A fragment: a save reruns this part of the phone's page, not the whole
    app (18 phones in a hall share two cores). The 1–5 controls sit in a form, so a tap costs the
    server nothing; only «Lagre» does."""
    round_ = the_round(code)
    if round_ is None:
        return
    done = data.fresh(store.answered, code, name)
    visible = shown_name(code, name)
    st.caption(
        f"Du svarer som **{fmt.markdown_text(visible)}**."
        if visible
        else "Du svarer i en anonym runde; navnet ditt er ikke lagret, bare at du har svart."
    )
    if "verksted_lagringsfeil" in st.session_state:
        errors.say(st.session_state.pop("verksted_lagringsfeil"))
    if "verksted_lagret" in st.session_state:
        st.success(st.session_state.pop("verksted_lagret"))
        workshop_style.scroll_to_top()
    labels = data.item_names(rounds.subject(round_))
    _last_saved(code, name, labels)
    if round_["status"] != "aapen":
        st.info(
            f"Runden er stengt. Du svarte på {len(done)} av {len(round_['omrader'])} "
            f"{rounds.ITEM_PLURAL[rounds.subject(round_)]} før den ble stengt; de svarene er lagret. Nye "
            "svar tas ikke imot."
        )
        return
    if round_["styrt"]:
        area = round_["aktivt"]
        changing = f"verksted_endre_{code}_{area}"
        if area in done and not st.session_state.get(changing):
            st.info(f"Du har svart på «{fmt.markdown_text(labels[area])}». Vent til ordstyreren går videre.")
            # also after the facilitator steps back: the answer can be changed while the area is on
            st.button(
                "Endre svaret",
                key=f"verksted_endre_knapp_{area}",
                on_click=st.session_state.__setitem__,
                args=(changing, True),
            )
            follow(code, area)
            return
        if area in done:  # changing it: the form starts from the stored answer
            for criterion, value in data.fresh(store.my_scores, code, name, area).items():
                st.session_state.setdefault(f"verksted_score_{area}_{criterion}", value)
        position = round_["omrader"].index(area)
    else:
        remaining = [a for a in round_["omrader"] if a not in done]
        if not remaining:
            thanks = f"Takk, {fmt.markdown_text(visible)}!" if visible else "Takk!"
            st.success(
                f"{thanks} Du har svart på alle {len(done)} {rounds.SUBJECTS[rounds.subject(round_)]}."
            )
            return
        area, position = remaining[0], len(done)
    total = len(round_["omrader"])
    st.progress(position / total, text=f"{position + 1} av {total}")
    st.markdown(f"### {fmt.markdown_text(labels[area])}")
    if rounds.subject(round_) == rounds.ALTERNATIVES:
        described = {o["id"]: o["beskrivelse"] for o in results.study_options()}
        st.caption(fmt.markdown_text(described.get(area, "")))
    st.caption(rounds.SCALE_NOTE[rounds.subject(round_)])
    with st.form(f"verksted_omrade_{area}", border=False):
        for c in round_["kriterier"]:
            st.segmented_control(
                fmt.markdown_text(rounds.criterion_label(round_, c)),
                rounds.choices(round_),
                format_func=rounds.signed_score if rounds.subject(round_) == rounds.ALTERNATIVES else str,
                key=f"verksted_score_{area}_{c}",
                width="stretch",
            )
        st.form_submit_button(
            "Lagre og gå videre",
            key="verksted_send",
            type="primary",
            width="stretch",
            on_click=save,
            args=(code, name, area, labels[area], round_["kriterier"]),
        )
    if round_["styrt"]:
        follow(code, area)


@st.fragment(run_every=REFRESH_S)
def follow(code: str, shown_area: str) -> None:
    """A paced round's phone asks every few seconds whether the facilitator has moved, forward or
    back, or closed the round, and then shows what the round is on now: every phone follows."""
    try:
        round_ = data.fresh(store.info, code)
    except rounds.WorkshopError:
        st.rerun(scope="app")
    if round_["aktivt"] != shown_area or round_["status"] != "aapen":
        st.rerun(scope="app")
    st.caption("Følger ordstyreren: neste område kommer opp her av seg selv.")
