"""The dashboard: `streamlit run app.py`. Draws the frame once (styling, navigation, language,
filters, badge: ui/layout.py) and runs the page the reader chose (views/)."""
from ui.layout import frame, navigation

page = navigation()
frame(page)
page.run()
