"""Brannsam: decision support for Brannsamarbeid Trøndelag.

Everything below this package is plain Python (no Streamlit) except `brannsam.ui`.
"""
