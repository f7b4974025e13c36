"""Remove outputs, execution counts and saved widget state from notebooks (run: make strip)."""
import json
import sys
from pathlib import Path


def strip(path: Path) -> bool:
    nb = json.loads(path.read_text(encoding="utf-8"))
    before = json.dumps(nb, sort_keys=True)
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    changed = json.dumps(nb, sort_keys=True) != before
    if changed:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    for folder in sys.argv[1:] or ["workbooks"]:
        for nb_path in sorted(Path(folder).glob("*.ipynb")):
            if strip(nb_path):
                print(f"gestript: {nb_path}")
