"""Data: what the database holds and how good it is; templates; import of the services' real
figures (validated, previewed, confirmed, logged, undoable)."""

import streamlit as st

from brannsam import formatting as fmt
from brannsam.data import paths
from brannsam.estimates import kontroll
from brannsam.imports import datasets, importer
from brannsam.pipeline import importing
from brannsam.present import tables
from brannsam.ui import data, db, downloads, errors, layout, password, region_results

layout.header(
    "Datagrunnlag",
    "Hva databasen inneholder, hvor den er svak, og import av brannvesenenes egne tall. "
    "Ekte tall erstatter estimatene rad for rad.",
)

st.subheader("Tabellene")
layout.table(tables.styled(data.table_overview()), hide_index=True, width="stretch")
found = data.quality_warnings()
if found:
    st.markdown("**Datakvalitet**")
    for warning in found:
        st.warning(fmt.markdown_text(warning))

st.subheader("Tettsteder")
places = data.settlements()
st.caption(fmt.markdown_text(tables.settlement_summary(places, region_results.guesses_that_matter())))
st.dataframe(tables.settlement_table(places), hide_index=True, width="stretch", key="data_tettsteder")

st.subheader("Estimat mot kjente tall")
checked = data.kontroll()
result = kontroll.summary(checked)
st.caption(
    f"{result['innenfor']} av {result['sammenligninger']} estimater ligger innenfor en faktor 1,5 av "
    f"tallet vi kjenner ({fmt.percent(result['andel'], 0)}; målet er minst tre av fire). Tall fra andre år "
    "er sammenlignet med estimatet ført til samme år etter landets utvikling. Sortert etter hvor langt "
    "estimatet bommer."
)
layout.table(
    tables.styled(
        tables.kontroll_table(checked), decimals={"Kjent": 1, "Estimat": 1, "Forhold (estimat/kjent)": 2}
    ),
    hide_index=True,
    width="stretch",
    key="data_kontroll",
)
layout.source_note(
    "Kjente tall fra SSB (KOSTRA), DSB og nyhetskilder, med adresse per rad; estimatene er Brannsams",
    "2010–2024",
    True,
)

st.subheader("Maler")
st.caption(
    "Last ned malen, fyll inn (én eksempelrad er med), og last den opp under. Malen har et ark som "
    "forklarer kolonnene og et ark med gyldige ID-er og navn å kopiere fra."
)
cols = st.columns(3)
for i, (name, dataset) in enumerate(datasets.DATASETS.items()):
    reference = data.template_reference(name)
    downloads.button(
        cols[i % 3],
        f"Mal: {dataset.sheet}",
        lambda name=name, reference=reference: datasets.template(name, reference),
        file_name=f"brannsam-mal-{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"data_mal_{name}",
        on_click="ignore",
    )

st.subheader("Importer")
allowed = password.password_field("data_passord")
user = password.name_field("data_navn", disabled=not allowed)
upload = st.file_uploader(
    "Utfylt mal (xlsx eller csv)", type=["xlsx", "csv"], key="data_fil", disabled=not allowed
)
dataset = st.selectbox(
    "Datasett (må velges for CSV; for xlsx leses det av arknavnet)",
    [None, *datasets.DATASETS],
    format_func=lambda d: "Fra arknavnet" if d is None else datasets.DATASETS[d].sheet,
    key="data_datasett",
)
if upload is not None and allowed:
    content = upload.getvalue()
    try:
        parsed = data.fresh(importing.check, upload.name, content, dataset)
    except importing.ImportRejected as err:
        errors.say_all(
            err.problems, f"Fila ble ikke importert ({len(err.problems)} problem(er)). Ingenting er endret:"
        )
    else:
        diff = data.fresh(importer.preview, parsed.dataset, parsed.frame)
        counts = diff["endring"].value_counts()
        st.info(
            f"{parsed.dataset.sheet}: {fmt.count(len(diff), 'rad', 'rader')} – "
            + ", ".join(f"{n} {label}" for label, n in counts.items())
            + ". Ingenting er skrevet ennå."
        )
        layout.table(
            tables.as_entered(importer.with_headers(parsed.dataset, diff)),
            hide_index=True,
            width="stretch",
        )
        done = importing.already_imported(paths.imports_dir(), parsed.sha256)
        if done is not None:
            st.warning(
                f"Denne fila er allerede importert (lagret som {done.name}). Last opp en ny fil for å "
                "endre mer, eller angre importen under."
            )
        elif st.button("Bekreft import", type="primary", key="data_bekreft"):
            with errors.shown("Importen") as held, db.writing() as writer:
                rows = importing.accept(writer, upload.name, content, user, paths.imports_dir(), dataset)
            if held.ok:  # said only once the write is in the file a restart opens
                st.success(
                    f"Importerte {fmt.count(rows, 'rad', 'rader')} fra {fmt.markdown_text(upload.name)} "
                    f"(ført i loggen på «{fmt.markdown_text(user)}»). Fila er lagret og tas med når "
                    "databasen bygges på nytt."
                )

target = st.session_state.pop("data_angre_maal", None)
if target is not None and allowed:
    try:
        with errors.shown("Angringen") as held, db.writing() as writer:
            moved = importing.undo_last(
                writer, paths.sources_dir(), paths.imports_dir(), user, expected=target
            )
        if held.ok:
            st.success(f"Angret {fmt.markdown_text(target)}. Fila er flyttet til {moved.parent.name}/.")
    except importing.ImportRejected as err:
        errors.say_all(err.problems, "Angringen ble ikke gjort:")

st.subheader("Importlogg")
log = data.import_log()
if log.empty:
    st.caption("Ingen importer ennå.")
else:
    st.dataframe(log, hide_index=True, width="stretch")
last = importing.last_import(paths.imports_dir())
if last is not None and allowed:
    # The import the user sees on the button is the one undone, or none (another session may
    # import between this page drawing and the click).
    st.button(
        f"Angre siste import ({fmt.markdown_text(last.name)})",
        key="data_angre",
        on_click=lambda name=last.name: st.session_state.update(data_angre_maal=name),
    )
