"""The thin layer of shared Streamlit pieces; the only part of brannsam that imports streamlit."""
