"""Brannsam entry point: page config, shared shell, navigation. No data logic here."""

import streamlit as st

from brannsam import formatting as fmt
from brannsam.data import paths
from brannsam.present import overview
from brannsam.ui import data, db, presentation

st.set_page_config(
    page_title="Brannsam", page_icon=str(paths.ROOT / "assets" / "brannsam.png"), layout="wide"
)

presenting = presentation.setup()
try:
    db.begin_run()
except db.DatabaseUnavailable as err:
    st.error(fmt.markdown_text(err))
    st.stop()

# (script in pages/views/, title, icon, URL path): the URL paths are part of the interface.
PAGES = [
    ("oversikt", "Oversikt", "home", ""),
    ("risikobilde", "Risikobilde", "map", "risikobilde"),
    ("samarbeid", "Samarbeid", "handshake", "samarbeid"),
    ("organisering", "Organisering", "account_tree", "organisering"),
    ("verksted", "Verksted", "groups", "verksted"),
    ("mitt_brannvesen", "Mitt brannvesen", "local_fire_department", "mitt-brannvesen"),
    ("min_kommune", "Min kommune", "location_city", "min-kommune"),
    ("finansiering", "Finansiering", "payments", "finansiering"),
    ("alternativer", "Alternativer", "compare_arrows", "alternativer"),
    ("vedtak", "Vedtak", "how_to_vote", "vedtak"),
    ("datagrunnlag", "Data", "database", "data"),
]
pages = [
    st.Page(f"pages/views/{script}.py", title=title, icon=f":material/{icon}:", url_path=url, default=not url)
    for script, title, icon, url in PAGES
]
page = st.navigation(pages, position="hidden" if presenting else "sidebar")
presentation.apply_style()
if presenting:
    presentation.links(pages)
    presentation.toggle(st, "presentasjon_topp")
else:
    presentation.toggle(st.sidebar, "presentasjon_sidepanel")
    st.sidebar.caption(f"Brannsamarbeid Trøndelag · mulighetsstudie {overview.study_span(data.milestones())}")
page.run()
