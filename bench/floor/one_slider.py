"""Floor app: one slider and the number it sets (what any Streamlit rerun costs)."""

import streamlit as st

value = st.slider("Verdi", 0, 100, 50)
st.metric("Valgt verdi", value)
