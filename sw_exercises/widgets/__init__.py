"""Views (ipywidgets + plotly) over the models and the answer store."""
