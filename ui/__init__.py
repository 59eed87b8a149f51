"""Streamlit helpers shared by the pages: state (dataset, filters, language) and layout."""
