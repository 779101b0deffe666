"""Verksted: participants score from their phones (`?kode=…`), the wall shows the round forming
(`&visning=projektor`), and the facilitator opens and paces rounds (`?visning=ordstyrer`). Each
view lives in its own module under `brannsam/ui/`."""

import streamlit as st

from brannsam.ui import workshop_facilitator, workshop_phone, workshop_wall

code = st.query_params.get("kode")
view = st.query_params.get("visning")
if code and view == "projektor":
    workshop_wall.projector_view(code)
elif code:
    workshop_phone.participant(code)
elif view == workshop_facilitator.FACILITATOR_VIEW:
    workshop_facilitator.facilitator()
else:
    workshop_facilitator.code_entry()
