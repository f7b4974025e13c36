# Package marker: makes the helper importable as ``<pkg>.jupyterlab`` so it never
# shadows the real ``jupyterlab`` distribution on sys.path.
