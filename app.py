"""Brannsam entry point: page config, shared shell, navigation. No data logic here."""

import streamlit as st

from brannsam import paths
from brannsam.ui import db, presentation

st.set_page_config(
    page_title="Brannsam", page_icon=str(paths.ROOT / "assets" / "brannsam.png"), layout="wide"
)

presenting = presentation.setup()
db.connection(db.db_path())

PAGES = [
    st.Page("pages/views/oversikt.py", title="Oversikt", icon=":material/home:", url_path="", default=True),
    st.Page("pages/views/risikobilde.py", title="Risikobilde", icon=":material/map:", url_path="risikobilde"),
    st.Page("pages/views/samarbeid.py", title="Samarbeid", icon=":material/handshake:", url_path="samarbeid"),
    st.Page(
        "pages/views/organisering.py",
        title="Organisering",
        icon=":material/account_tree:",
        url_path="organisering",
    ),
    st.Page(
        "pages/views/mitt_brannvesen.py",
        title="Mitt brannvesen",
        icon=":material/local_fire_department:",
        url_path="mitt-brannvesen",
    ),
    st.Page(
        "pages/views/finansiering.py",
        title="Finansiering",
        icon=":material/payments:",
        url_path="finansiering",
    ),
]

page = st.navigation(PAGES, position="top" if presenting else "sidebar")
presentation.apply_style()
if presenting:
    presentation.toggle(st, "presentasjon_topp")
else:
    presentation.toggle(st.sidebar, "presentasjon_sidepanel")
    st.sidebar.caption("Brannsamarbeid Trøndelag · mulighetsstudie 2024")
page.run()
