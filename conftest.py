"""Test-wide setup: tests and notebook runs never touch a real student's workspace."""
import os
import tempfile

_workspace = tempfile.mkdtemp(prefix="werkboek-test-")
os.environ["WERKBOEK_MAP"] = _workspace  # inherited by the kernels nbval starts
os.environ.pop("WERKBOEK_TAAL", None)
os.environ["WERKBOEK_NOODMAP"] = tempfile.mkdtemp(prefix="werkboek-noodkopie-test-")  # emergency copies
# A handler error (a button or field that fails) also fails the workbook cell that triggered it,
# so nbval cannot pass a workbook whose widgets only show an error (sw_exercises/widgets/handlers.py).
os.environ["WERKBOEK_STRIKT"] = "1"
