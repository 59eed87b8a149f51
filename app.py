"""Entry point: `streamlit run app.py`."""
import streamlit as st

from geo.data import load_dataset
from geo.spatial import region_summary

st.set_page_config(page_title="Mali RSS-DDR-RVC", layout="wide")
st.title("Mali: SSR, DDR and CVR")
st.dataframe(region_summary(load_dataset()))
