"""How the workshop looks on a phone and on the wall: the CSS and the few scripts they need (raw
HTML lives here, not in the page)."""

from __future__ import annotations

import json
import time

import streamlit as st
import streamlit.components.v1 as components

# A phone: no sidebar, tap targets of at least 44 px (Apple's and Google's guidance), and a second
# tap on the chosen score keeps it (the chosen segment takes no taps; the others still do).
PHONE_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stButtonGroup"] button, [data-testid="stBaseButton-primary"],
[data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-segmented_control"],
[data-testid="stBaseButton-segmented_controlActive"] { min-height: 44px !important; min-width: 44px; }
[data-testid="stButtonGroup"] button[role="radio"][aria-checked="true"] { pointer-events: none; }
</style>
"""

# The wall: read from the back of the room, every area on one 1366×768 screen, no chrome and no
# table toolbars.
PROJECTOR_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 24px; }
h2 { font-size: 2rem !important; padding: 0 0 0.3rem 0 !important; }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stElementToolbar"],
footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 1.5rem 0 1.5rem; max-width: 100%; }
[data-testid="stTable"] table { font-size: 0.9rem; width: 100%; }
[data-testid="stTable"] td, [data-testid="stTable"] th { padding: 0.05rem 0.4rem; line-height: 1.25; }
</style>
"""


def phone() -> None:
    st.markdown(PHONE_CSS, unsafe_allow_html=True)


def projector() -> None:
    st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)


# Streamlit's page scrolls inside its main container, not the window: scroll every candidate.
SCROLL_TOP = """<script>
const page = window.parent.document;
for (const selector of ['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]', 'section.main']) {
  const element = page.querySelector(selector);
  if (element) { element.scrollTo({top: 0, behavior: 'instant'}); }
}
window.parent.scrollTo({top: 0, behavior: 'instant'});
</script>"""


def scroll_to_top() -> None:
    """After a save the next area starts at the top of the phone's screen. The script carries a
    fresh number each time: an element drawn the same as last run is not drawn again, and its
    script would not run."""
    components.html(f"<!-- {time.monotonic_ns()} -->{SCROLL_TOP}", height=0)


def set_cookie(name: str, value: str, max_age_s: int) -> None:
    """Keep a value in the browser (the participant's key), for the whole site. `name` and
    `value` are the app's own (a code and a URL-safe token), never typed text. SameSite=Strict,
    and Secure when the app is served over https. It cannot be HttpOnly: a Streamlit script has
    no HTTP response to set a header on (the page talks over a websocket), so the browser's
    script sets it."""
    st.html(
        f"<script>document.cookie = {json.dumps(f'{name}={value}')} + "
        f"'; path=/; max-age={int(max_age_s)}; SameSite=Strict' + "
        "(window.location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


# The phone hides Streamlit's header, and with it the connection indicator: this banner says when
# the phone has lost the network, and what that means for the answer being sent.
OFFLINE_BANNER = """
<div id="brannsam-offline" role="alert" style="display:none;position:fixed;top:0;left:0;right:0;
z-index:1000;background:#b00020;color:#fff;padding:0.7rem 1rem;font-size:1rem;line-height:1.35">
Ingen nettforbindelse. Et svar er bare lagret når mobilen har vist «Lagret»; send det igjen når
nettet er tilbake.
</div>
<script>
(function () {
  const show = () => {
    const banner = document.getElementById("brannsam-offline");
    if (banner) banner.style.display = navigator.onLine ? "none" : "block";
  };
  window.addEventListener("offline", show);
  window.addEventListener("online", show);
  show();
})();
</script>
"""


def offline_banner() -> None:
    st.html(OFFLINE_BANNER, unsafe_allow_javascript=True)
