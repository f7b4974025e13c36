"""Test-wide setup: tests and notebook runs never touch a real student's workspace."""
import os
import tempfile

_workspace = tempfile.mkdtemp(prefix="werkboek-test-")
os.environ["WERKBOEK_MAP"] = _workspace  # inherited by the kernels nbval starts
os.environ.pop("WERKBOEK_TAAL", None)
os.environ["WERKBOEK_NOODMAP"] = tempfile.mkdtemp(prefix="werkboek-noodkopie-test-")  # emergency copies
